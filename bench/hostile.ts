/**
 * Hostile inputs at the 5 MB limit through the whole ingest pipeline (clean, split, analyse with
 * the offline engine, store in a fresh SQLite file): seconds of wall and CPU time per shape, and
 * the growth ratio time(8n)/time(n) that tests/ingest/linear-time.test.ts bounds (~8 is linear).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import { systemClock } from '../src/core/clock.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { PATHOLOGICAL_TEXTS } from '../tests/helpers/pathological-texts.ts';

export interface HostileResult {
  shape: string;
  bytes: number;
  wallSeconds: number;
  cpuSeconds: number;
  outcome: string;
}

/** Bytes of text just under the 5 MB limit (multi-byte characters counted). */
function atLimit(make: (chars: number) => string): string {
  const limit = 5 * 1024 * 1024;
  let text = make(limit);
  while (Buffer.byteLength(text, 'utf8') > limit) text = text.slice(0, text.length - 4096);
  return text;
}

export async function runHostileBench(): Promise<HostileResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-hostile-'));
  const store = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock: systemClock });
  const services = { store, engine: new OfflineEngine() };
  const results: HostileResult[] = [];
  try {
    for (const [shape, make] of Object.entries(PATHOLOGICAL_TEXTS)) {
      const text = atLimit(make);
      const cpu = process.cpuUsage();
      const start = performance.now();
      const r = await ingestArticle(services, 'bench', { title: shape, text });
      const used = process.cpuUsage(cpu);
      results.push({
        shape,
        bytes: Buffer.byteLength(text, 'utf8'),
        wallSeconds: Math.round(performance.now() - start) / 1000,
        cpuSeconds: Math.round((used.user + used.system) / 1000) / 1000,
        outcome: r.ok
          ? `${r.value.status}, ${r.value.status === 'added' ? r.value.actorCount : 0} actors`
          : r.message,
      });
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
