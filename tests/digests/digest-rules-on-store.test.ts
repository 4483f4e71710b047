import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { type DigestStore, scheduleStateOf } from '../../src/digests/digest-store.ts';
import { planDue } from '../../src/digests/due-runs.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';

/**
 * The time rules and the store together, the way a digest job uses them: each process ticks, reads
 * the due candidates, plans, records skips, claims and "posts" (a counter stands in for the
 * Publisher). Two processes tick on the same file every minute.
 */
async function tick(store: DigestStore, now: Date, posts: string[]): Promise<void> {
  for (const { schedule, lastRun } of await store.listDue(now, 100)) {
    const plan = planDue({ schedule: scheduleStateOf(schedule), lastRun, now });
    await store.recordSkipped(schedule.tenant, schedule.id, plan.skip, 'MISSED');
    if (!plan.post) continue;
    const claim = await store.claimRun(schedule.tenant, schedule.id, plan.post, 5 * 60_000);
    if (!claim.claimed) continue;
    expect(await store.markPosting(claim.run)).toBe(true);
    posts.push(`${claim.run.localDate} ${claim.run.dueAt.toISOString()} at ${now.toISOString()}`);
    expect(
      await store.markPosted(claim.run, { channelId: schedule.channelId, messageId: claim.run.id }),
    ).toBe(true);
  }
}

describe('digest rules on the SQLite store, two processes', () => {
  let dir: string;
  let clock: FakeClock;
  let one: SqliteArticleStore;
  let two: SqliteArticleStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-digest-rules-'));
    clock = new FakeClock(new Date('2026-03-27T12:00:00Z'));
    const file = path.join(dir, 'store.db');
    one = SqliteArticleStore.open({ path: file, clock });
    two = SqliteArticleStore.open({ path: file, clock });
  });

  afterEach(async () => {
    await one.close();
    await two.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(until: string, down: [string, string][] = []): Promise<string[]> {
    const posts: string[] = [];
    const a = one.digestStore();
    const b = two.digestStore();
    const end = Date.parse(until);
    for (; clock.now().getTime() <= end; clock.advance(60_000)) {
      const t = clock.now().getTime();
      if (down.some(([from, to]) => t >= Date.parse(from) && t < Date.parse(to))) continue;
      await tick(a, clock.now(), posts);
      await tick(b, clock.now(), posts);
    }
    return posts;
  }

  it('posts once per resolved date across the Berlin spring change, at the moved-forward instant', async () => {
    const digests = one.digestStore();
    await digests.upsertSchedule('g', {
      channelId: 'c',
      time: '02:30',
      timezone: 'Europe/Berlin',
      length: 'standard',
      days: 'daily',
      whenEmpty: 'post',
      createdBy: 'u',
    });
    expect(await run('2026-03-30T12:00:00Z')).toEqual([
      '2026-03-28 2026-03-28T01:30:00.000Z at 2026-03-28T01:30:00.000Z',
      '2026-03-29 2026-03-29T01:30:00.000Z at 2026-03-29T01:30:00.000Z',
      '2026-03-30 2026-03-30T00:30:00.000Z at 2026-03-30T00:30:00.000Z',
    ]);
  });

  it('posts once for the two calendar dates Apia’s skipped 2011-12-30 folds into one instant', async () => {
    clock = new FakeClock(new Date('2011-12-29T00:00:00Z'));
    const file = path.join(dir, 'apia.db');
    const apiaOne = SqliteArticleStore.open({ path: file, clock });
    const apiaTwo = SqliteArticleStore.open({ path: file, clock });
    try {
      await apiaOne.digestStore().upsertSchedule('g', {
        channelId: 'c',
        time: '08:00',
        timezone: 'Pacific/Apia',
        length: 'standard',
        days: 'daily',
        whenEmpty: 'post',
        createdBy: 'u',
      });
      const posts: string[] = [];
      for (; clock.now().getTime() <= Date.parse('2011-12-31T20:00:00Z'); clock.advance(60_000)) {
        await tick(apiaOne.digestStore(), clock.now(), posts);
        await tick(apiaTwo.digestStore(), clock.now(), posts);
      }
      expect(posts).toEqual([
        '2011-12-29 2011-12-29T18:00:00.000Z at 2011-12-29T18:00:00.000Z',
        '2011-12-31 2011-12-30T18:00:00.000Z at 2011-12-30T18:00:00.000Z',
        '2012-01-01 2011-12-31T18:00:00.000Z at 2011-12-31T18:00:00.000Z',
      ]);
    } finally {
      await apiaOne.close();
      await apiaTwo.close();
    }
  });

  it('two days down: nothing posted for them, both recorded as skipped, then on time again', async () => {
    clock.advance(60 * 60_000); // created after that day's 08:00 (12:00Z)
    const digests = one.digestStore();
    const { schedule } = await digests.upsertSchedule('g', {
      channelId: 'c',
      time: '08:00',
      timezone: 'America/New_York',
      length: 'short',
      days: 'daily',
      whenEmpty: 'post',
      createdBy: 'u',
    });
    const posts = await run('2026-03-31T13:00:00Z', [['2026-03-28T11:00:00Z', '2026-03-30T11:00:00Z']]);
    expect(posts).toEqual([
      '2026-03-30 2026-03-30T12:00:00.000Z at 2026-03-30T12:00:00.000Z',
      '2026-03-31 2026-03-31T12:00:00.000Z at 2026-03-31T12:00:00.000Z',
    ]);
    const runs = await digests.listRuns('g', schedule.id, 10);
    expect(runs.map((r) => [r.localDate, r.state])).toEqual([
      ['2026-03-31', 'posted'],
      ['2026-03-30', 'posted'],
      ['2026-03-29', 'skipped'],
      ['2026-03-28', 'skipped'],
    ]);
  });
});
