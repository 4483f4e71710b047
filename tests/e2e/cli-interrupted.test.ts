import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGeneratedArticles } from '../helpers/generated-articles.ts';
import { type CliResult, runCli, spawnCli, tempDataDir } from '../helpers/run-cli.ts';

/**
 * Every article stored once and whole: its sentences, as many actor rows as its analysis names, and
 * its near-duplicate signature (written in the article's transaction, so a kill cannot split them).
 */
function inspectDatabase(dataDir: string): {
  articles: number;
  distinctTitles: number;
  withoutSentences: number;
  withoutSignature: number;
  actorMismatches: number;
  integrity: string;
} {
  const db = new Database(join(dataDir, 'briefing.db'), { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      articles: count('SELECT count(*) AS n FROM articles'),
      distinctTitles: count('SELECT count(DISTINCT title) AS n FROM articles'),
      withoutSentences: count(
        'SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.article_id = a.id)',
      ),
      withoutSignature: count(
        'SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_signatures s WHERE s.article_id = a.id)',
      ),
      actorMismatches: count(`SELECT count(*) AS n FROM articles a
        WHERE json_array_length(a.analysis_json, '$.actors') != (SELECT count(*) FROM article_actors x WHERE x.article_id = a.id)`),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

const lines = (r: CliResult, status: string) =>
  r.stdout.split('\n').filter((l) => l.split('\t')[1] === status);

describe('ingest interrupted or run twice at once loses and duplicates nothing', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('killed with SIGKILL after some files, then run again: every article stored exactly once, whole', {
    timeout: 120_000,
  }, async () => {
    const folder = join(data.dir, 'in');
    mkdirSync(folder);
    const files = writeGeneratedArticles(folder, 120);
    const dataDir = join(data.dir, 'data');
    const child = spawnCli(['ingest', '--data-dir', dataDir, folder]);
    let stdout = '';
    const killedAfter = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const added = stdout.split('\n').filter((l) => l.includes('\tadded\t')).length;
        if (added >= 25 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve(added);
        }
      });
      child.on('close', () => reject(new Error(`ingest ended before it was killed:\n${stdout}`)));
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(child.signalCode).toBe('SIGKILL');
    const partial = inspectDatabase(dataDir);
    // What was reported added is stored; at most the batch in flight is beyond it.
    expect(partial.articles).toBeGreaterThanOrEqual(killedAfter);
    expect(partial.articles).toBeLessThan(files.length);
    expect(partial.withoutSentences).toBe(0);
    expect(partial.withoutSignature).toBe(0);

    const rerun = await runCli(['ingest', '--data-dir', dataDir, folder]);
    expect(rerun.code).toBe(0);
    expect(lines(rerun, 'added').length + lines(rerun, 'duplicate').length).toBe(files.length);
    expect(lines(rerun, 'duplicate').length).toBe(partial.articles);
    expect(inspectDatabase(dataDir)).toEqual({
      articles: files.length,
      distinctTitles: files.length,
      withoutSentences: 0,
      withoutSignature: 0,
      actorMismatches: 0,
      integrity: 'ok',
    });
  });

  it('two ingests of the same folder on one data dir at once store everything once, never "locked"', {
    timeout: 120_000,
  }, async () => {
    const folder = join(data.dir, 'in');
    mkdirSync(folder);
    const files = writeGeneratedArticles(folder, 80);
    const dataDir = join(data.dir, 'data');
    const [one, two] = await Promise.all([
      runCli(['ingest', '--data-dir', dataDir, folder]),
      runCli(['ingest', '--data-dir', dataDir, folder]),
    ]);
    for (const run of [one, two]) {
      expect(run.code, run.stderr).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/locked|busy|internal error/i);
    }
    // Each file was added by exactly one of the two processes and seen as a duplicate by the other.
    expect(lines(one, 'added').length + lines(two, 'added').length).toBe(files.length);
    expect(lines(one, 'duplicate').length + lines(two, 'duplicate').length).toBe(files.length);
    expect(inspectDatabase(dataDir)).toMatchObject({
      articles: files.length,
      distinctTitles: files.length,
      integrity: 'ok',
    });
  });
});
