import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { migrate } from '../../src/store/sqlite/migrations.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { LIST_DUE_OF_SQL, LIST_DUE_SQL } from '../../src/store/sqlite/sqlite-digest-store.ts';
import { lineReader } from '../helpers/child-lines.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { describeDigestStoreContract } from './digest-store.contract.ts';

const WORKER = path.join(import.meta.dirname, 'digest-claim-worker.ts');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-digest-'));
}

describeDigestStoreContract('SqliteDigestStore (two connections on one file)', async (clock) => {
  const dir = tempDir();
  const file = path.join(dir, 'store.db');
  const one = SqliteArticleStore.open({ path: file, clock });
  const two = SqliteArticleStore.open({ path: file, clock });
  return {
    store: one.digestStore(),
    second: two.digestStore(),
    cleanup: async () => {
      await one.close();
      await two.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteDigestStore across processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('three processes racing for the same 300 run keys: each key is won exactly once', async () => {
    const file = path.join(dir, 'store.db');
    const setup = SqliteArticleStore.open({
      path: file,
      clock: new FakeClock(new Date('2026-12-01T00:00:00Z')),
    });
    const { schedule } = await setup.digestStore().upsertSchedule('t', {
      channelId: 'c',
      time: '08:00',
      timezone: 'Europe/Berlin',
      length: 'short',
      days: 'daily',
      whenEmpty: 'skip',
      createdBy: 'u',
    });
    const keys = 300;
    const workers = [0, 1, 2].map(() =>
      spawn(process.execPath, ['--import', 'tsx', WORKER, file, 't', schedule.id, String(keys)], {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    try {
      const outputs = workers.map((child) => lineReader(child));
      // A barrier: every process has the file open before any claims.
      for (const next of outputs) expect(await next()).toBe('ready');
      for (const child of workers) child.stdin.write('go\n');
      const won = await Promise.all(outputs.map(async (next) => JSON.parse(await next()) as string[]));
      const all = won.flat();
      expect(all).toHaveLength(keys);
      expect(new Set(all).size).toBe(keys);
      expect(await setup.digestStore().listRuns('t', schedule.id, 1000)).toHaveLength(keys);
    } finally {
      for (const child of workers) child.kill();
      await setup.close();
    }
  }, 60_000);
});

describe('SqliteDigestStore queries', () => {
  it('finds due schedules through the next_due_at index and each latest run through the run key', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LIST_DUE_SQL}`).all(0, 10) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toMatch(/SEARCH s USING INDEX digest_schedules_next_due \(next_due_at<\?\)/);
      expect(plan).not.toMatch(/SCAN s\b/);
      expect(plan).not.toMatch(/USE TEMP B-TREE/);
      expect(plan).toMatch(
        /SEARCH digest_runs USING (COVERING )?INDEX sqlite_autoindex_digest_runs_1 \(schedule_id=\?\)/,
      );
      // Limited to some tenants, the same range scan filters rows as it goes (and stops at the limit).
      const scoped = (
        db.prepare(`EXPLAIN QUERY PLAN ${LIST_DUE_OF_SQL}`).all(0, '["a"]', 10) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('\n');
      expect(scoped).toMatch(/SEARCH s USING INDEX digest_schedules_next_due \(next_due_at<\?\)/);
      expect(scoped).not.toMatch(/USE TEMP B-TREE/);
    } finally {
      db.close();
    }
  });
});
