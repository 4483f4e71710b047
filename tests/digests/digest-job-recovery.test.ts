/**
 * Which runs a DigestJob takes up: due schedules only of its own tenants, expired claims (a dead
 * process's) of every tenant when `recovers` accepts them (by default what it `serves`).
 * Real SQLite store, real dispatcher and offline engine, the recording publisher, a FakeClock.
 */
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { RecordingPublisher } from '../../src/core/publisher.ts';
import { DigestJob, type DigestJobDeps } from '../../src/digests/digest-job.ts';
import { type DigestSchedule, scheduleStateOf } from '../../src/digests/digest-store.ts';
import { planDue } from '../../src/digests/due-runs.ts';
import { foundingServices } from '../helpers/founding-services.ts';

const OWN = 'guild-a';
const OTHER = 'guild-b';
const MINUTE = 60_000;

async function setUp() {
  const services = await foundingServices(OWN);
  const schedule = async (tenant: string, channelId: string) =>
    (
      await services.digests.upsertSchedule(tenant, {
        channelId,
        time: '08:30',
        timezone: 'UTC',
        length: 'short',
        days: 'daily',
        whenEmpty: 'post',
        createdBy: 'test',
      })
    ).schedule;
  const own = await schedule(OWN, 'c-own');
  const othersClaimed = await schedule(OTHER, 'c-other-claimed');
  const othersDue = await schedule(OTHER, 'c-other-due');
  services.clock.advance(31 * MINUTE);
  // A process that died left these two claimed and posting, with a lease that has run out.
  const leftOpen = async (s: DigestSchedule) => {
    const plan = planDue({ schedule: scheduleStateOf(s), now: services.clock.now() });
    const claim = await services.digests.claimRun(s.tenant, s.id, plan.post!, 1);
    if (!claim.claimed) throw new Error('claim failed');
    await services.digests.markPosting(claim.run);
  };
  await leftOpen(own);
  await leftOpen(othersClaimed);
  services.clock.advance(MINUTE);
  const publisher = new RecordingPublisher();
  const job = (deps: Partial<DigestJobDeps>) =>
    new DigestJob({
      digests: services.digests,
      dispatcher: new Dispatcher({ commands: COMMANDS, services }),
      publisher,
      logger: silentLogger,
      serves: (s) => s.tenant === OWN,
      tenants: () => [OWN],
      ...deps,
    });
  const state = async (s: DigestSchedule) => (await services.digests.listRuns(s.tenant, s.id, 5))[0]?.state;
  const postedIn = () => publisher.posts.map((p) => p.destination.channelId).sort();
  return { services, own, othersClaimed, othersDue, job, state, postedIn };
}

describe('DigestJob: due schedules of its tenants, expired claims of any', () => {
  it("recovers another tenant's expired claim when recovers accepts it, but posts only its own due schedules", async () => {
    const { services, own, othersClaimed, othersDue, job, state, postedIn } = await setUp();
    const handled = await job({ recovers: () => true }).runDue(services.clock.now());
    expect(handled).toBe(2);
    expect(postedIn()).toEqual(['c-other-claimed', 'c-own']);
    expect([await state(own), await state(othersClaimed)]).toEqual(['posted', 'posted']);
    // The other tenant's due schedule is its own process's: never claimed here.
    expect(await state(othersDue)).toBeUndefined();
  });

  it('recovers only what it serves when recovers is not given (the shell, digest run-due)', async () => {
    const { services, own, othersClaimed, job, state, postedIn } = await setUp();
    expect(await job({}).runDue(services.clock.now())).toBe(1);
    expect(postedIn()).toEqual(['c-own']);
    expect([await state(own), await state(othersClaimed)]).toEqual(['posted', 'posting']);
  });
});
