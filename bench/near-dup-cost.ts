/**
 * Near-duplicate lookup cost at scale: 100,000 articles' signatures in one tenant of a SQLite file,
 * then the time of one lookup (band probes plus verification) per new article. The stored
 * signatures are the BBC corpus's and random ones (distinct stories share no bands, which is
 * what most of a large store is); the lookups are BBC copies, so candidates are found and verified.
 * Run: npm run bench -- --only near-dup
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { systemClock } from '../src/core/clock.ts';
import { bandBuckets, minhashSignature, NEAR_DUPLICATE_SIMILARITY } from '../src/dedup/minhash.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { cleanArticleText } from '../src/text/clean.ts';

export async function runNearDupCostBench(texts: string[], stored = 100_000, lookups = 500) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'near-dup-cost-'));
  const file = path.join(dir, 'bench.db');
  // Create the schema through the store, then fill it directly: 100,000 analysed articles would take
  // most of an hour and measure ingestion, not the lookup.
  await SqliteArticleStore.open({ path: file, clock: systemClock }).close();
  const db = new Database(file);
  const insertArticle = db.prepare(
    `INSERT INTO articles (id, tenant, title, ingested_at, dated_at, text, content_hash, word_count, analysis_json)
     VALUES (?, 'bench', 't', '2026-01-01', '2026-01-01', '', ?, 0, '{}')`,
  );
  const insertSig = db.prepare(
    `INSERT INTO article_signatures (article_id, tenant, signature) VALUES (?, 'bench', ?)`,
  );
  const insertBand = db.prepare(
    `INSERT OR IGNORE INTO article_bands (tenant, band, bucket, article_id) VALUES ('bench', ?, ?, ?)`,
  );
  const real = texts.map((t) => minhashSignature(cleanArticleText(t)));
  const fill = db.transaction(() => {
    for (let id = 1; id <= stored; id++) {
      const sig = id <= real.length ? real[id - 1]! : randomSignature(id);
      insertArticle.run(id, `h${id}`);
      insertSig.run(id, Buffer.from(sig.buffer));
      bandBuckets(sig).forEach((bucket, band) => {
        insertBand.run(band, bucket, id);
      });
    }
  });
  let t = performance.now();
  fill();
  const fillSeconds = (performance.now() - t) / 1000;
  db.close();

  const store = SqliteArticleStore.open({ path: file, clock: systemClock });
  const index = store.nearDuplicateStore();
  const queries = texts.slice(0, lookups).map((text) => `${text}\n\nSign up for our newsletter.`);
  const signing: number[] = [];
  const probing: number[] = [];
  let found = 0;
  for (const text of queries) {
    t = performance.now();
    const sig = minhashSignature(cleanArticleText(text));
    signing.push(performance.now() - t);
    t = performance.now();
    if (await index.findNear('bench', sig, NEAR_DUPLICATE_SIMILARITY)) found++;
    probing.push(performance.now() - t);
  }
  await store.close();
  const dbMiB = fs.statSync(file).size / 2 ** 20;
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    storedArticles: stored,
    fillSeconds: Math.round(fillSeconds * 10) / 10,
    indexMiB: Math.round(dbMiB),
    lookups: queries.length,
    found,
    signatureMedianMs: median(signing),
    lookupMedianMs: median(probing),
    lookupP95Ms: percentile(probing, 0.95),
  };
}

function randomSignature(seed: number): Uint32Array {
  const out = new Uint32Array(128);
  let x = seed * 2654435761;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 1000) / 1000;
}
