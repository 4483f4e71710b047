/**
 * Scheduler cost per tick with many idle digest schedules: seeds N schedules across 1,000 servers
 * (through the DigestStore port, in a temp SQLite file), then times the due-candidate query a tick
 * runs when nothing is due, and when a few are, plus the per-candidate cost of planning and claiming.
 * Run: npm run bench -- --only digest-tick   (or npx tsx bench/digest-tick.ts)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { FakeClock } from '../src/core/clock.ts';
import { scheduleStateOf } from '../src/digests/digest-store.ts';
import { planDue } from '../src/digests/due-runs.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';

export interface DigestTickBenchResult {
  schedules: number;
  tenants: number;
  seedSeconds: number;
  idleTicks: number;
  idleTickMedianMs: number;
  idleTickP95Ms: number;
  dueTickCandidates: number;
  dueTickMedianMs: number;
  planPerCandidateMs: number;
  claimPerCandidateMs: number;
  dbMiB: number;
}

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'UTC',
];

export async function runDigestTickBench(schedules = 100_000, ticks = 1_000): Promise<DigestTickBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-digest-bench-'));
  const file = path.join(dir, 'store.db');
  // 2026-05-10T00:30Z: every schedule below is due later today or tomorrow, none now.
  const clock = new FakeClock(new Date('2026-05-10T00:30:00Z'));
  const store = SqliteArticleStore.open({ path: file, clock });
  try {
    const digests = store.digestStore();
    const tenants = 1_000;
    // Realistic rows through the port, then copied in bulk (each copy keeps its original's timing and
    // next due time), because 100,000 separate upserts would make the bench about seeding.
    const distinct = Math.min(schedules, 2_000);
    let t = performance.now();
    for (let i = 0; i < distinct; i++) {
      // Times from 06:00 to 21:59 local, so a tick at 00:30Z finds nothing due anywhere.
      const minute = 6 * 60 + ((i * 7) % (16 * 60));
      await digests.upsertSchedule(`guild-${i % tenants}`, {
        channelId: `channel-${i}`,
        time: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
        timezone: ZONES[i % ZONES.length]!,
        length: 'standard',
        days: i % 3 === 0 ? 'weekdays' : 'daily',
        whenEmpty: 'skip',
        createdBy: 'bench',
      });
    }
    copySchedules(file, schedules - distinct);
    const seedSeconds = (performance.now() - t) / 1000;

    const idle: number[] = [];
    for (let i = 0; i < ticks; i++) {
      t = performance.now();
      const due = await digests.listDue(clock.now(), 500);
      idle.push(performance.now() - t);
      if (due.length !== 0) throw new Error(`expected an idle tick, got ${due.length} due`);
    }

    // Move to the first due minute(s): the earliest next_due_at values.
    const soonest = (await digests.listDue(new Date('2100-01-01T00:00:00Z'), 100)).at(-1)!;
    const dueAt = soonest.schedule.nextDueAt!;
    const due: number[] = [];
    let candidates = 0;
    for (let i = 0; i < 100; i++) {
      t = performance.now();
      candidates = (await digests.listDue(dueAt, 500)).length;
      due.push(performance.now() - t);
    }
    const list = await digests.listDue(dueAt, 500);
    t = performance.now();
    const plans = list.map((c) =>
      planDue({ schedule: scheduleStateOf(c.schedule), lastRun: c.lastRun, now: dueAt }),
    );
    const planMs = (performance.now() - t) / list.length;
    t = performance.now();
    for (const [i, c] of list.entries()) {
      const post = plans[i]!.post;
      if (post) await digests.claimRun(c.schedule.tenant, c.schedule.id, post, 300_000);
    }
    const claimMs = (performance.now() - t) / list.length;

    return {
      schedules,
      tenants,
      seedSeconds: round(seedSeconds, 1),
      idleTicks: ticks,
      idleTickMedianMs: round(quantile(idle, 0.5), 4),
      idleTickP95Ms: round(quantile(idle, 0.95), 4),
      dueTickCandidates: candidates,
      dueTickMedianMs: round(quantile(due, 0.5), 3),
      planPerCandidateMs: round(planMs, 3),
      claimPerCandidateMs: round(claimMs, 3),
      dbMiB: round(fs.statSync(file).size / 2 ** 20, 1),
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Adds `count` copies of the seeded schedules under new channel ids, in one transaction. */
export function copySchedules(file: string, count: number): void {
  if (count <= 0) return;
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const columns = `tenant, topic, topic_key, time, timezone, days, length, when_empty, created_by,
      created_at, updated_at, active_from, next_due_at`;
    const copy = db.prepare(`
      INSERT INTO digest_schedules (channel_id, ${columns})
      SELECT channel_id || '-copy-' || ?, ${columns} FROM digest_schedules WHERE channel_id NOT LIKE '%-copy-%'
      ORDER BY id LIMIT ?`);
    const seeded = (db.prepare('SELECT count(*) AS n FROM digest_schedules').get() as { n: number }).n;
    db.transaction(() => {
      for (let round = 0, left = count; left > 0; round++, left -= seeded)
        copy.run(round, Math.min(seeded, left));
    })();
    const total = (db.prepare('SELECT count(*) AS n FROM digest_schedules').get() as { n: number }).n;
    if (total !== seeded + count) throw new Error(`seeded ${total} schedules, wanted ${seeded + count}`);
  } finally {
    db.close();
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(JSON.stringify(await runDigestTickBench(n), null, 2));
}
