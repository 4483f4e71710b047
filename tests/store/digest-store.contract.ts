import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import {
  type DigestScheduleInput,
  type DigestStore,
  scheduleStateOf,
} from '../../src/digests/digest-store.ts';
import { HOUR_MS, type PlannedRun, planDue } from '../../src/digests/due-runs.ts';

export interface DigestStoreFixture {
  store: DigestStore;
  /** A second, independent handle on the same data (another process). */
  second: DigestStore;
  cleanup: () => Promise<void>;
}

const A = 'tenant-a';
const B = 'tenant-b';
const LEASE = 5 * 60_000;

const berlin = (overrides: Partial<DigestScheduleInput> = {}): DigestScheduleInput => ({
  channelId: 'c1',
  time: '08:00',
  timezone: 'Europe/Berlin',
  length: 'standard',
  days: 'daily',
  whenEmpty: 'skip',
  createdBy: 'u1',
  ...overrides,
});

const due = (localDate: string, at: string, windowStart: string): PlannedRun => ({
  localDate,
  at: new Date(at),
  windowStart: new Date(windowStart),
});

/** 08:00 Berlin (CEST) on 2026-05-11 and 12. */
const MAY11 = due('2026-05-11', '2026-05-11T06:00:00Z', '2026-05-10T06:00:00Z');

/** The DigestStore contract: every implementation runs this suite against a real backend. */
export function describeDigestStoreContract(
  name: string,
  makeStore: (clock: FakeClock) => Promise<DigestStoreFixture>,
): void {
  describe(`DigestStore contract: ${name}`, () => {
    let clock: FakeClock;
    let fixture: DigestStoreFixture;
    let store: DigestStore;
    let second: DigestStore;

    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-05-10T12:00:00Z'));
      fixture = await makeStore(clock);
      ({ store, second } = fixture);
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('schedules', () => {
      it('adds a schedule with its next due time, and updates it for the same channel and topic', async () => {
        const { schedule, created } = await store.upsertSchedule(A, berlin({ topic: 'Belarus' }));
        expect(created).toBe(true);
        expect(schedule).toMatchObject({
          tenant: A,
          channelId: 'c1',
          time: '08:00',
          timezone: 'Europe/Berlin',
          topic: 'Belarus',
          length: 'standard',
          days: 'daily',
          whenEmpty: 'skip',
          createdBy: 'u1',
          createdAt: clock.now(),
          activeFrom: clock.now(),
          nextDueAt: new Date('2026-05-11T06:00:00Z'),
        });
        expect(schedule.pausedAt).toBeUndefined();
        expect(schedule.disabled).toBeUndefined();
        expect(schedule.lastRun).toBeUndefined();

        clock.advance(HOUR_MS);
        const again = await store.upsertSchedule(
          A,
          berlin({ topic: '  belarus ', time: '7:30', length: 'long', createdBy: 'u2' }),
        );
        expect(again.created).toBe(false);
        expect(again.schedule).toMatchObject({
          id: schedule.id,
          time: '07:30',
          length: 'long',
          topic: 'belarus',
          createdBy: 'u1',
          createdAt: schedule.createdAt,
          updatedAt: clock.now(),
          nextDueAt: new Date('2026-05-11T05:30:00Z'),
        });

        await store.upsertSchedule(A, berlin({ topic: 'Ukraine' }));
        await store.upsertSchedule(A, berlin());
        await store.upsertSchedule(A, berlin({ channelId: 'c2', topic: 'Belarus' }));
        const list = await store.listSchedules(A);
        expect(list.map((s) => [s.channelId, s.topic])).toEqual([
          ['c1', 'belarus'],
          ['c1', 'Ukraine'],
          ['c1', undefined],
          ['c2', 'Belarus'],
        ]);
        expect(await store.getSchedule(A, schedule.id)).toEqual(again.schedule);
      });

      it('refuses an invalid time or zone (the command should have validated it)', async () => {
        await expect(store.upsertSchedule(A, berlin({ time: '25:00' }))).rejects.toThrow(/HH:MM/);
        await expect(store.upsertSchedule(A, berlin({ timezone: 'Mars/Base' }))).rejects.toThrow(/time zone/);
        expect(await store.listSchedules(A)).toEqual([]);
      });

      it('keeps the old and the new spelling of a renamed zone as given, with the same due times', async () => {
        const kyiv = await store.upsertSchedule(A, berlin({ timezone: 'Europe/Kyiv' }));
        const kiev = await store.upsertSchedule(A, berlin({ channelId: 'c2', timezone: 'Europe/Kiev' }));
        expect(kyiv.schedule.timezone).toBe('Europe/Kyiv');
        expect(kiev.schedule.timezone).toBe('Europe/Kiev');
        expect(kyiv.schedule.nextDueAt).toEqual(new Date('2026-05-11T05:00:00Z'));
        expect(kiev.schedule.nextDueAt).toEqual(kyiv.schedule.nextDueAt);
      });

      it('pauses (no next due time), and a resume after the due time does not catch the day up', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        const paused = await store.pauseSchedule(A, schedule.id);
        expect(paused?.pausedAt).toEqual(clock.now());
        expect(paused?.nextDueAt).toBeUndefined();
        clock.advance(24 * HOUR_MS); // 2026-05-11T12:00Z, after that day's 08:00
        expect(await store.listDue(clock.now(), 10)).toEqual([]);
        const resumed = await store.resumeSchedule(A, schedule.id);
        expect(resumed?.pausedAt).toBeUndefined();
        expect(resumed?.activeFrom).toEqual(clock.now());
        expect(resumed?.nextDueAt).toEqual(new Date('2026-05-12T06:00:00Z'));
      });

      it('disables with a code, stops claims, and resume re-enables', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        const disabled = await store.disableSchedule(A, schedule.id, 'MISSING_PERMISSIONS', 'Send Messages');
        expect(disabled?.disabled).toEqual({
          code: 'MISSING_PERMISSIONS',
          at: clock.now(),
          detail: 'Send Messages',
        });
        expect(disabled?.nextDueAt).toBeUndefined();
        clock.advance(19 * HOUR_MS); // past 2026-05-11 08:00 Berlin
        expect(await store.listDue(clock.now(), 10)).toEqual([]);
        expect(await store.claimRun(A, schedule.id, MAY11, LEASE)).toEqual({
          claimed: false,
          reason: 'inactive',
        });
        const resumed = await store.resumeSchedule(A, schedule.id);
        expect(resumed?.disabled).toBeUndefined();
        expect(resumed?.nextDueAt).toEqual(new Date('2026-05-12T06:00:00Z'));
      });

      it('setting a disabled or paused schedule again re-activates it', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        await store.disableSchedule(A, schedule.id, 'CHANNEL_GONE');
        const again = await store.upsertSchedule(A, berlin({ time: '09:00' }));
        expect(again.schedule.disabled).toBeUndefined();
        expect(again.schedule.nextDueAt).toEqual(new Date('2026-05-11T07:00:00Z'));
      });

      it('removes a schedule with its runs', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(18 * HOUR_MS);
        const claim = await store.claimRun(A, schedule.id, MAY11, LEASE);
        expect(claim.claimed).toBe(true);
        expect(await store.removeSchedule(A, schedule.id)).toBe(true);
        expect(await store.removeSchedule(A, schedule.id)).toBe(false);
        expect(await store.getSchedule(A, schedule.id)).toBeUndefined();
        if (claim.claimed) expect(await store.getRun(A, claim.run.id)).toBeUndefined();
        expect(await store.listExpiredClaims(new Date('2030-01-01T00:00:00Z'), 10)).toEqual([]);
      });

      it('keeps tenants apart: one never sees or changes another’s schedules and runs', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        const b = await store.upsertSchedule(B, berlin());
        expect(b.created).toBe(true);
        expect(b.schedule.id).not.toBe(schedule.id);
        expect((await store.listSchedules(B)).map((s) => s.id)).toEqual([b.schedule.id]);
        expect(await store.getSchedule(B, schedule.id)).toBeUndefined();
        expect(await store.pauseSchedule(B, schedule.id)).toBeUndefined();
        expect(await store.resumeSchedule(B, schedule.id)).toBeUndefined();
        expect(await store.disableSchedule(B, schedule.id, 'CHANNEL_GONE')).toBeUndefined();
        expect(await store.removeSchedule(B, schedule.id)).toBe(false);
        clock.advance(18 * HOUR_MS);
        expect(await store.claimRun(B, schedule.id, MAY11, LEASE)).toEqual({
          claimed: false,
          reason: 'inactive',
        });
        expect(await store.recordSkipped(B, schedule.id, [MAY11], 'MISSED')).toBe(0);
        const claim = await store.claimRun(A, schedule.id, MAY11, LEASE);
        if (!claim.claimed) throw new Error('expected a claim');
        expect(await store.getRun(B, claim.run.id)).toBeUndefined();
        expect(await store.listRuns(B, schedule.id, 10)).toEqual([]);
        expect(await store.markPosting({ ...claim.run, tenant: B })).toBe(false);
        expect((await store.getSchedule(A, schedule.id))?.pausedAt).toBeUndefined();
        expect((await store.listSchedules(A)).map((s) => s.id)).toEqual([schedule.id]);
      });
    });

    describe('runs', () => {
      it('is claimed once: a second claim, from this or another process, loses', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(18 * HOUR_MS);
        const first = await store.claimRun(A, schedule.id, MAY11, LEASE);
        expect(first).toMatchObject({
          claimed: true,
          run: { localDate: '2026-05-11', state: 'claimed', attempt: 1 },
        });
        expect((await store.claimRun(A, schedule.id, MAY11, LEASE)).claimed).toBe(false);
        expect(await second.claimRun(A, schedule.id, MAY11, LEASE)).toMatchObject({
          claimed: false,
          reason: 'held',
        });
        if (!first.claimed) return;
        expect(first.reclaimedFrom).toBeUndefined();
        expect(first.run.id.length).toBeLessThanOrEqual(25);
        expect(first.run).toMatchObject({
          scheduleId: schedule.id,
          tenant: A,
          dueAt: MAY11.at,
          windowStart: MAY11.windowStart,
          claimedAt: clock.now(),
          leaseUntil: new Date(clock.now().getTime() + LEASE),
        });
        // The claim records the key: the schedule's next due time moves to the next day.
        const after = await second.getSchedule(A, schedule.id);
        expect(after?.nextDueAt).toEqual(new Date('2026-05-12T06:00:00Z'));
        expect(after?.lastRun).toEqual(first.run);
      });

      it('moves claimed → posting → posted, and final states do not move', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(18 * HOUR_MS);
        const claim = await store.claimRun(A, schedule.id, MAY11, LEASE);
        if (!claim.claimed) throw new Error('expected a claim');
        const run = claim.run;
        expect(await store.markSkipped({ ...run }, 'EMPTY')).toBe(true);
        expect(await store.markPosting(run)).toBe(false);
        expect((await store.getRun(A, run.id))?.state).toBe('skipped');

        const may12 = due('2026-05-12', '2026-05-12T06:00:00Z', '2026-05-11T06:00:00Z');
        clock.advance(24 * HOUR_MS);
        const next = await store.claimRun(A, schedule.id, may12, LEASE);
        if (!next.claimed) throw new Error('expected a claim');
        expect(await store.markPosting(next.run)).toBe(true);
        expect(await store.markSkipped(next.run, 'EMPTY')).toBe(false);
        clock.advance(1000);
        const ref = { channelId: 'c1', messageId: 'm1', threadId: 't1' };
        expect(await store.markPosted(next.run, ref)).toBe(true);
        expect(await store.markFailed(next.run, 'late')).toBe(false);
        expect(await store.markUnknown(next.run, 'late')).toBe(false);
        expect(await store.getRun(A, next.run.id)).toMatchObject({
          state: 'posted',
          posted: ref,
          leaseUntil: undefined,
          updatedAt: clock.now(),
        });
        expect(await store.claimRun(A, schedule.id, may12, LEASE)).toMatchObject({
          claimed: false,
          reason: 'finished',
        });
        expect((await store.listRuns(A, schedule.id, 10)).map((r) => [r.localDate, r.state])).toEqual([
          ['2026-05-12', 'posted'],
          ['2026-05-11', 'skipped'],
        ]);
        expect((await store.getSchedule(A, schedule.id))?.lastRun?.state).toBe('posted');
      });

      it('records failed and unknown with a reason', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(18 * HOUR_MS);
        const claim = await store.claimRun(A, schedule.id, MAY11, LEASE);
        if (!claim.claimed) throw new Error('expected a claim');
        await store.markPosting(claim.run);
        expect(await store.markUnknown(claim.run, 'NO_HISTORY_ACCESS')).toBe(true);
        expect(await store.getRun(A, claim.run.id)).toMatchObject({
          state: 'unknown',
          reason: 'NO_HISTORY_ACCESS',
        });
        const may12 = due('2026-05-12', '2026-05-12T06:00:00Z', '2026-05-11T06:00:00Z');
        const other = await store.claimRun(A, schedule.id, may12, LEASE);
        if (!other.claimed) throw new Error('expected a claim');
        expect(await store.markFailed(other.run, 'TRANSIENT')).toBe(true);
        expect(await store.getRun(A, other.run.id)).toMatchObject({ state: 'failed', reason: 'TRANSIENT' });
      });

      it('lets another process re-claim a run whose lease expired, and fences the old owner out', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(18 * HOUR_MS);
        const first = await store.claimRun(A, schedule.id, MAY11, LEASE);
        if (!first.claimed) throw new Error('expected a claim');
        expect(await store.markPosting(first.run)).toBe(true);
        expect(await store.listExpiredClaims(clock.now(), 10)).toEqual([]);

        clock.advance(LEASE - 1);
        expect(await second.claimRun(A, schedule.id, MAY11, LEASE)).toMatchObject({
          claimed: false,
          reason: 'held',
        });
        expect(await store.extendLease(first.run, LEASE)).toBe(true);
        clock.advance(LEASE);
        const expired = await second.listExpiredClaims(clock.now(), 10);
        expect(expired.map((e) => [e.schedule.id, e.run.id, e.run.state])).toEqual([
          [schedule.id, first.run.id, 'posting'],
        ]);

        const taken = await second.claimRun(A, schedule.id, MAY11, LEASE);
        expect(taken).toMatchObject({ claimed: true, reclaimedFrom: 'posting' });
        if (!taken.claimed) return;
        expect(taken.run).toMatchObject({
          id: first.run.id,
          attempt: 2,
          state: 'posting',
          claimedAt: first.run.claimedAt,
        });
        expect((await store.claimRun(A, schedule.id, MAY11, LEASE)).claimed).toBe(false);
        // The slow former owner wakes up: every change it tries is refused.
        expect(await store.markPosted(first.run, { channelId: 'c1', messageId: 'stale' })).toBe(false);
        expect(await store.extendLease(first.run, LEASE)).toBe(false);
        expect(await second.markPosted(taken.run, { channelId: 'c1', messageId: 'm2' })).toBe(true);
        expect((await store.getRun(A, first.run.id))?.posted?.messageId).toBe('m2');
      });

      it('re-claims a run left claimed by a dead owner as claimed, only while the schedule is active', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(18 * HOUR_MS);
        const first = await store.claimRun(A, schedule.id, MAY11, LEASE);
        expect(first.claimed).toBe(true);
        clock.advance(LEASE);
        await store.pauseSchedule(A, schedule.id);
        expect(await second.listExpiredClaims(clock.now(), 10)).toEqual([]);
        expect(await second.claimRun(A, schedule.id, MAY11, LEASE)).toEqual({
          claimed: false,
          reason: 'inactive',
        });
        await store.resumeSchedule(A, schedule.id);
        expect((await second.listExpiredClaims(clock.now(), 10)).map((e) => e.run.state)).toEqual([
          'claimed',
        ]);
        expect(await second.claimRun(A, schedule.id, MAY11, LEASE)).toMatchObject({
          claimed: true,
          reclaimedFrom: 'claimed',
          run: { attempt: 2, state: 'claimed' },
        });
      });

      it('records missed due times as skipped once, and moves the next due time past them', async () => {
        const { schedule } = await store.upsertSchedule(A, berlin());
        clock.advance(3 * 24 * HOUR_MS); // 2026-05-13T12:00Z
        const plan = planDue({
          schedule: scheduleStateOf(schedule),
          now: clock.now(),
        });
        expect(plan.post).toBeUndefined();
        expect(plan.skip.map((s) => s.localDate)).toEqual(['2026-05-11', '2026-05-12', '2026-05-13']);
        expect(await store.recordSkipped(A, schedule.id, plan.skip, 'MISSED')).toBe(3);
        expect(await second.recordSkipped(A, schedule.id, plan.skip, 'MISSED')).toBe(0);
        const after = await store.getSchedule(A, schedule.id);
        expect(after?.nextDueAt).toEqual(plan.nextDue?.at);
        expect(after?.nextDueAt).toEqual(new Date('2026-05-14T06:00:00Z'));
        expect(after?.lastRun).toMatchObject({ localDate: '2026-05-13', state: 'skipped', reason: 'MISSED' });
        expect(await store.claimRun(A, schedule.id, plan.skip[0]!, LEASE)).toMatchObject({
          claimed: false,
          reason: 'finished',
        });
      });
    });

    describe('listDue', () => {
      it("lists only the given tenants' due schedules and expired claims when asked to", async () => {
        const a = await store.upsertSchedule(A, berlin({ time: '07:00' }));
        const b = await store.upsertSchedule(B, berlin({ time: '07:00' }));
        const c = await store.upsertSchedule('tenant-c', berlin({ time: '07:00' }));
        clock.advance(18 * HOUR_MS); // 2026-05-11T06:00Z = 08:00 Berlin
        const dueOf = async (tenants?: string[]) =>
          (await second.listDue(clock.now(), 10, { tenants })).map((d) => d.schedule.id).sort();
        expect(await dueOf()).toEqual([a, b, c].map((s) => s.schedule.id).sort());
        expect(await dueOf([B, 'tenant-c'])).toEqual([b, c].map((s) => s.schedule.id).sort());
        expect(await dueOf([])).toEqual([]);

        const early = due('2026-05-11', '2026-05-11T05:00:00Z', '2026-05-10T05:00:00Z');
        for (const [tenant, { schedule }] of [
          [A, a],
          [B, b],
        ] as const) {
          expect(await store.claimRun(tenant, schedule.id, early, LEASE)).toMatchObject({ claimed: true });
        }
        clock.advance(LEASE);
        const expiredOf = async (tenants?: string[]) =>
          (await second.listExpiredClaims(clock.now(), 10, { tenants })).map((e) => e.run.tenant).sort();
        expect(await expiredOf()).toEqual([A, B]);
        expect(await expiredOf([B])).toEqual([B]);
        expect(await expiredOf(['tenant-c'])).toEqual([]);
      });

      it('returns only schedules whose time has come, soonest first, across tenants, with their last run', async () => {
        const early = await store.upsertSchedule(A, berlin({ time: '07:00' }));
        const late = await store.upsertSchedule(B, berlin({ time: '09:00' }));
        await store.upsertSchedule(A, berlin({ channelId: 'c2', time: '12:30' }));
        const paused = await store.upsertSchedule(B, berlin({ channelId: 'c3', time: '06:00' }));
        await store.pauseSchedule(B, paused.schedule.id);

        clock.advance(18 * HOUR_MS + 30 * 60_000); // 2026-05-11T06:30Z = 08:30 Berlin
        const ids = async (limit = 10) =>
          (await second.listDue(clock.now(), limit)).map((c) => c.schedule.id);
        expect(await ids()).toEqual([early.schedule.id]);
        clock.advance(HOUR_MS);
        expect(await ids()).toEqual([early.schedule.id, late.schedule.id]);
        expect(await ids(1)).toEqual([early.schedule.id]);

        const candidate = (await store.listDue(clock.now(), 10))[0]!;
        expect(candidate.lastRun).toBeUndefined();
        const plan = planDue({
          schedule: scheduleStateOf(candidate.schedule),
          lastRun: candidate.lastRun,
          now: clock.now(),
        });
        if (!plan.post) throw new Error('expected a post');
        const claim = await store.claimRun(A, candidate.schedule.id, plan.post, LEASE);
        expect(claim.claimed).toBe(true);
        expect(await ids()).toEqual([late.schedule.id]);
      });
    });
  });
}
