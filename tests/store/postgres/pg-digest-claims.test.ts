import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, FakeClock } from '../../../src/core/clock.ts';
import type { DigestScheduleInput } from '../../../src/digests/digest-store.ts';
import { PgDigestStore } from '../../../src/store/postgres/pg-digest-store.ts';
import { lineReader } from '../../helpers/child-lines.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { REPO_ROOT } from '../../helpers/run-cli.ts';
import { PgTestDatabase, untilDatabasePasses } from './pg-test-database.ts';

const WORKER = path.join(import.meta.dirname, 'pg-digest-claim-worker.ts');
const HOUR = 3_600_000;
const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_digest_claims');
afterAll(async () => {
  await pg?.drop();
});

const input: DigestScheduleInput = {
  channelId: 'c',
  time: '08:00',
  timezone: 'Europe/Berlin',
  length: 'short',
  days: 'daily',
  whenEmpty: 'skip',
  createdBy: 'u',
};
const due = (localDate: string) => {
  const at = new Date(`${localDate}T07:00:00Z`);
  return { localDate, at, windowStart: new Date(at.getTime() - 24 * HOUR) };
};
const skewed = (ms: number): Clock => ({ now: () => new Date(Date.now() + ms) });

describe.skipIf(skip)('PgDigestStore leases on the database clock', () => {
  beforeEach(async () => {
    await pg!.closeAll();
    await pg!.reset();
  });

  it('measures a lease from the database clock, and holds it whatever a process clock says', async () => {
    const db = pg!.open();
    const store = new PgDigestStore(db, skewed(-5 * HOUR), 'database');
    const fast = new PgDigestStore(pg!.open(), skewed(2 * HOUR), 'database');
    const { schedule } = await store.upsertSchedule('t', input);
    const before = (await db.query<{ t: Date }>('clock', 'SELECT now() AS t')).rows[0]!.t;
    const claim = await store.claimRun('t', schedule.id, due('2027-01-01'), HOUR);
    const after = (await db.query<{ t: Date }>('clock', 'SELECT now() AS t')).rows[0]!.t;
    if (!claim.claimed) throw new Error('expected a claim');
    const until = claim.run.leaseUntil!.getTime();
    expect(until).toBeGreaterThanOrEqual(before.getTime() + HOUR);
    expect(until).toBeLessThanOrEqual(after.getTime() + HOUR);

    // Two hours ahead by its own clock, the other process still sees a live lease.
    expect(await fast.claimRun('t', schedule.id, due('2027-01-01'), HOUR)).toMatchObject({
      claimed: false,
      reason: 'held',
    });
    expect(await fast.listExpiredClaims(skewed(2 * HOUR).now(), 10)).toEqual([]);
    expect(await fast.extendLease({ ...claim.run, attempt: 2 }, HOUR)).toBe(false);
  });

  it('lets another process re-claim a lease that expired on the database clock, with its own clock in the past', async () => {
    const db = pg!.open();
    const past = new FakeClock(new Date('2020-01-01T00:00:00Z'));
    const owner = new PgDigestStore(db, past, 'database');
    const rival = new PgDigestStore(pg!.open(), past, 'database');
    const { schedule } = await owner.upsertSchedule('t', input);
    const first = await owner.claimRun('t', schedule.id, due('2027-01-01'), 150);
    if (!first.claimed) throw new Error('expected a claim');
    await owner.markPosting(first.run);
    await untilDatabasePasses(db, first.run.leaseUntil!);

    const expired = await rival.listExpiredClaims(past.now(), 10);
    expect(expired.map((e) => e.run.id)).toEqual([first.run.id]);
    const taken = await rival.claimRun('t', schedule.id, due('2027-01-01'), HOUR);
    expect(taken).toMatchObject({ claimed: true, reclaimedFrom: 'posting', run: { attempt: 2 } });
    expect(await owner.markPosted(first.run, { channelId: 'c', messageId: 'stale' })).toBe(false);
    expect((await rival.claimRun('t', schedule.id, due('2027-01-01'), HOUR)).claimed).toBe(false);
  });
});

describe.skipIf(skip)('PgDigestStore across processes', () => {
  it('three processes racing for the same 300 run keys: each won exactly once; an expired lease once more', async () => {
    await pg!.closeAll();
    await pg!.reset();
    const db = pg!.open();
    const setup = new PgDigestStore(db, skewed(0), 'database');
    const { schedule } = await setup.upsertSchedule('t', input);
    const { url, schema } = pg!.schema;
    // Process clocks an hour behind, right, and two hours ahead: leases must not care.
    const workers = [-HOUR, 0, 2 * HOUR].map((skew) =>
      spawn(process.execPath, ['--import', 'tsx', WORKER, url, schema, 't', schedule.id, String(skew)], {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    const outputs = workers.map((child) => lineReader(child));
    const round = async (days: number[], leaseMs: number) => {
      for (const child of workers) child.stdin.write(`${JSON.stringify({ days, leaseMs })}\n`);
      return Promise.all(outputs.map(async (next) => JSON.parse(await next()) as string[]));
    };
    try {
      // A barrier: every process has its pool open before any claims.
      for (const next of outputs) expect(await next()).toBe('ready');
      const keys = Array.from({ length: 300 }, (_, i) => i);
      const won = (await round(keys, HOUR)).flat();
      expect(won).toHaveLength(300);
      expect(new Set(won).size).toBe(300);
      expect(await setup.listRuns('t', schedule.id, 1000)).toHaveLength(300);

      // Every lease is live on the database clock: nobody takes one over (a third of the keys tried),
      // whatever its own clock says.
      expect(
        (
          await round(
            keys.filter((k) => k % 3 === 0),
            HOUR,
          )
        ).flat(),
      ).toEqual([]);

      // One more key with a short lease; once it has expired on the database clock, one process takes it.
      const short = (await round([300], 150)).flat();
      expect(short).toHaveLength(1);
      const [run] = await setup.listRuns('t', schedule.id, 1);
      await untilDatabasePasses(db, run!.leaseUntil!);
      const retaken = (await round([300], HOUR)).flat();
      expect(retaken).toEqual(short);
      expect((await setup.listRuns('t', schedule.id, 1))[0]).toMatchObject({ attempt: 2, state: 'claimed' });
      for (const child of workers) child.stdin.write('exit\n');
    } finally {
      for (const child of workers) child.kill();
    }
  }, 120_000);
});
