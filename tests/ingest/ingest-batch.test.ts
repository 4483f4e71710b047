import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BatchOutcome, IngestBatch } from '../../src/briefing/ingest-batch.ts';
import type { Services } from '../../src/briefing/services.ts';
import { ingestPaths } from '../../src/cli/ingest-paths.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { ActorType, ArticleAnalysis } from '../../src/core/types.ts';
import type { AnalyseInput, BriefingEngine } from '../../src/llm/engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { TRAM_CRASH, TRAM_VOTE, TRAM_VOTE_WIRE_COPY } from '../dedup/stories.ts';

const TENANT = 'guild-a';

/**
 * The offline engine, counting analyses; an article titled "Broken…" gets an actor of a type no
 * schema knows, which the store refuses after writing its sentences (so its savepoint must roll back).
 */
class CountingEngine implements BriefingEngine {
  private readonly inner = new OfflineEngine();
  readonly id = 'counting@1';
  readonly extractive = true;
  readonly analysed: string[] = [];
  async analyseArticle(input: AnalyseInput): Promise<ArticleAnalysis> {
    this.analysed.push(input.title);
    const analysis = await this.inner.analyseArticle(input);
    if (!input.title.startsWith('Broken')) return analysis;
    const bad = { ...analysis.actors[0]!, name: 'Exploding Actor', type: 'not-a-type' as ActorType };
    return { ...analysis, actors: [...analysis.actors, bad] };
  }
  composeBriefing: BriefingEngine['composeBriefing'] = (input) => this.inner.composeBriefing(input);
  answer: BriefingEngine['answer'] = (input) => this.inner.answer(input);
}

/** A distinct story of its own: numbered words keep generated texts from sharing word triples. */
const story = (n: number) =>
  Array.from(
    { length: 6 },
    (_, i) =>
      `Councillor Maria Fenwick${n} announced plan${n} number ${i} for district${n}, saying residents${n} wanted change${n} before winter${n}.`,
  ).join(' ');

let dir: string;
let store: SqliteArticleStore;
let engine: CountingEngine;
let services: Services;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-batch-'));
  const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  store = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock });
  engine = new CountingEngine();
  const backend = store.backend();
  services = {
    ...storeServices(backend, { engine, clock, logger: silentLogger }),
    nearDuplicates: backend.nearDuplicates,
  };
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Adds articles to one batch, then flushes; the outcomes in the order they were reported. */
async function runBatch(
  inputs: { title: string; text: string; url?: string }[],
  options = { maxArticles: 32 },
): Promise<{ title: string; outcome: BatchOutcome }[]> {
  const batch = new IngestBatch(services, TENANT, options);
  const reported: { title: string; outcome: BatchOutcome }[] = [];
  for (const input of inputs)
    await batch.add(input, (outcome) => reported.push({ title: input.title, outcome }));
  await batch.flush();
  return reported;
}

const statusOf = (o: BatchOutcome) => (o.ok ? o.value.status : o.code);

describe('IngestBatch', () => {
  it('stores the others of a batch when one fails in the middle, each outcome in order', async () => {
    const reported = await runBatch([
      { title: 'First', text: story(1) },
      { title: 'Broken story', text: story(2) },
      { title: 'Third', text: story(3) },
      { title: 'Too short', text: 'Three words only.' },
      { title: 'Fifth', text: story(5) },
    ]);
    expect(reported.map((r) => [r.title, statusOf(r.outcome)])).toEqual([
      ['First', 'added'],
      ['Broken story', 'failed'],
      ['Third', 'added'],
      ['Too short', 'too-short'],
      ['Fifth', 'added'],
    ]);
    expect((await store.listArticles(TENANT)).map((a) => a.title).sort()).toEqual([
      'Fifth',
      'First',
      'Third',
    ]);
    // The failed article left nothing behind: no sentences, no signature to match a later copy.
    expect(await store.searchPassages(TENANT, { terms: ['district2'], limit: 5 })).toEqual([]);
    const again = await runBatch([{ title: 'Broken story', text: story(2) }]);
    expect(statusOf(again[0]!.outcome)).toBe('failed');
  });

  it('finds duplicates within the batch before analysing them: same text, same link, a wire copy', async () => {
    const reported = await runBatch([
      { title: 'Tram vote', text: TRAM_VOTE, url: 'https://news.example/tram' },
      { title: 'Other story', text: story(7) },
      { title: 'Tram vote again', text: TRAM_VOTE },
      { title: 'Same link, other words', text: story(8), url: 'https://news.example/tram' },
      { title: 'Tram vote (wire)', text: TRAM_VOTE_WIRE_COPY, url: 'https://wire.example/tram' },
      { title: 'Tram crash', text: TRAM_CRASH },
    ]);
    const ids = reported.map((r) => (r.outcome.ok ? r.outcome.value.article.id : undefined));
    expect(reported.map((r) => statusOf(r.outcome))).toEqual([
      'added',
      'added',
      'duplicate',
      'duplicate',
      'near-duplicate',
      'added',
    ]);
    // Each copy points at the stored original, and only the originals were analysed.
    expect(ids[2]).toBe(ids[0]);
    expect(ids[3]).toBe(ids[0]);
    expect(ids[4]).toBe(ids[0]);
    expect(engine.analysed).toEqual(['Tram vote', 'Other story', 'Tram crash']);
    expect(await store.countArticles(TENANT)).toBe(3);
    const outlets = await services.nearDuplicates!.listOutlets(TENANT, [ids[0]!]);
    expect(outlets.get(ids[0]!)?.map((o) => o.url)).toEqual(['https://wire.example/tram']);
  });

  it('commits every maxArticles and reports each article only after its commit', async () => {
    const batch = new IngestBatch(services, TENANT, { maxArticles: 3 });
    const reported: string[] = [];
    for (let i = 0; i < 7; i++) {
      await batch.add({ title: `Story ${i}`, text: story(10 + i) }, (o) => reported.push(statusOf(o)));
      // Nothing is reported before it is stored: the count of reports never runs ahead of the store.
      expect(reported.length).toBeLessThanOrEqual(await store.countArticles(TENANT));
    }
    expect(reported).toHaveLength(6);
    expect(batch.pending).toBe(1);
    await batch.flush();
    expect(reported).toEqual(Array(7).fill('added'));
    expect(await store.countArticles(TENANT)).toBe(7);
  });

  it('keeps a later near-copy of an article from an earlier batch, found in the store', async () => {
    await runBatch([{ title: 'Tram vote', text: TRAM_VOTE, url: 'https://news.example/tram' }]);
    const reported = await runBatch([
      { title: 'Wire', text: TRAM_VOTE_WIRE_COPY, url: 'https://wire.example/t' },
    ]);
    expect(statusOf(reported[0]!.outcome)).toBe('near-duplicate');
    expect(engine.analysed).toEqual(['Tram vote']);
  });
});

describe('ingestPaths in batches', () => {
  it('gives every file its own line in order when one in the middle of a batch cannot be stored', async () => {
    const folder = join(dir, 'in');
    mkdirSync(folder);
    const write = (name: string, title: string, text: string) =>
      writeFileSync(join(folder, name), `---\ntitle: ${title}\n---\n${text}\n`);
    write('a.txt', 'Alpha', story(21));
    write('b.txt', 'Broken beta', story(22));
    writeFileSync(join(folder, 'c.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]));
    write('d.txt', 'Delta', story(24));
    write('e.txt', 'Alpha again', story(21));
    const lines: string[] = [];
    const summary = await ingestPaths(services, TENANT, [folder], (line) => lines.push(line));
    expect(lines.map((l) => l.replace(/^#\d+/, '#n').replace(folder, 'IN'))).toEqual([
      '#n\tadded\tAlpha',
      '-\trejected\tIN/b.txt: internal error (logged); the file was not stored',
      '-\trejected\tIN/c.txt: file looks binary (contains NUL bytes), not text',
      '#n\tadded\tDelta',
      '#n\tduplicate\tAlpha',
    ]);
    expect(summary).toMatchObject({ added: 2, duplicate: 1, rejected: 2, notAttempted: 0 });
    expect(summary.fault).toBeUndefined();
    expect(await store.countArticles(TENANT)).toBe(2);
  });
});

describe('IngestBatch when a commit fails as a whole', () => {
  it('tries the articles one at a time, so each still gets its own outcome', async () => {
    let failures = 0;
    const flaky = Object.create(store) as SqliteArticleStore;
    flaky.addArticles = async () => {
      failures++;
      throw new Error('commit failed');
    };
    const batch = new IngestBatch({ ...services, store: flaky }, TENANT);
    const reported: string[] = [];
    for (const [i, title] of ['One', 'Broken two', 'Three'].entries())
      await batch.add({ title, text: story(30 + i) }, (o) => reported.push(`${title}: ${statusOf(o)}`));
    await batch.flush();
    expect(failures).toBe(1);
    expect(reported).toEqual(['One: added', 'Broken two: failed', 'Three: added']);
    expect(await store.countArticles(TENANT)).toBe(2);
  });
});
