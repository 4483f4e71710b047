/**
 * The actor registry PostgreSQL keeps at ingest against SQLite's on the same articles: the same
 * actors, counts, roles and salience, after adding and after removals. The two engines share the
 * merge rules (actors/registry-merge.ts) but not the SQL that applies them, so this is where a
 * difference in how PostgreSQL reads and writes groups would show.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActors } from '../../../src/briefing/actor-directory.ts';
import { ingestArticle } from '../../../src/briefing/ingest-article.ts';
import type { Services } from '../../../src/briefing/services.ts';
import { FakeClock } from '../../../src/core/clock.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { OfflineEngine } from '../../../src/llm/offline/offline-engine.ts';
import type { Backend } from '../../../src/store/backend.ts';
import { openSqliteBackend } from '../../../src/store/open-backend.ts';
import { openPostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { storeServices } from '../../../src/store/store-services.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { REGISTRY_ARTICLES } from '../registry-articles.ts';

const skip = await skipPgTests();
const T = 'guild-a';

// More order-sensitive cases on top of the shared set: a surname alone ("Mr Okafor") before the
// full name arrives, two people with one surname in one article, an organisation by acronym first.
const MORE = [
  {
    title: 'Okafor at the summit',
    text: 'Mr Okafor told the summit in Lagos that the pipeline would open next year.\n\nMr Okafor said the investors had agreed to the terms after a long night of talks.',
  },
  {
    title: 'Banker signs loans',
    text: 'Daniel Okafor, a banker, signed the pipeline loans in Lagos on Friday.\n\nDaniel Okafor said the investors wanted the work to start before the rains.',
  },
  {
    title: 'Grace Okafor and Daniel Okafor',
    text: 'Energy minister Grace Okafor and her brother Daniel Okafor met investors in Lagos.\n\nGrace Okafor said the pipeline would open in spring, and Daniel Okafor said the loans were signed.',
  },
  // The full name is the article's only actor, so the absorption ends its merge.
  {
    title: 'Harvest meeting',
    text: 'Mr Adeyemi told the meeting that the harvest had been poor this year.\n\nMr Adeyemi said farmers wanted cheaper seed before the rains.',
  },
  {
    title: 'Seed prices',
    text: 'Tunde Adeyemi, a farmer, said the harvest had been poor this year.\n\nTunde Adeyemi said the seed prices had doubled since the spring.',
  },
  {
    title: 'IISS report',
    text: 'The IISS said on Monday that spending on navies had risen for a third year.\n\nThe International Institute for Strategic Studies said Asia led the rise, with Japan and India buying ships.',
  },
];

describe.skipIf(skip)('actor registry on PostgreSQL against SQLite', () => {
  let schema: PgTestSchema;
  let dir: string;
  const engines: { name: string; backend: Backend; services: Services; ids: number[] }[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('pg_actor_registry');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefing-pg-registry-'));
    const clock = new FakeClock(new Date('2026-03-01'));
    const backends: [string, Backend][] = [
      ['sqlite', openSqliteBackend(dir, clock)],
      ['postgres', await openPostgresBackend({ url: schema.url, schema: schema.schema, clock })],
    ];
    for (const [name, backend] of backends) {
      const services = storeServices(backend, { engine: new OfflineEngine(), clock, logger: silentLogger });
      const ids: number[] = [];
      for (const a of [...REGISTRY_ARTICLES, ...MORE]) {
        const r = await ingestArticle(services, T, a);
        if (!r.ok || r.value.status !== 'added') throw new Error(`${name}: not added: ${a.title}`);
        ids.push(r.value.article.id);
      }
      engines.push({ name, backend, services, ids });
    }
  });

  afterAll(async () => {
    for (const e of engines) await e.backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await schema?.drop();
  });

  const listing = async (i: number) => (await listActors(engines[i]!.services, T, { limit: 200 }))!.actors;

  it('holds the same actors, counts, roles and salience as SQLite', async () => {
    const sqlite = await listing(0);
    expect(sqlite.length).toBeGreaterThan(12);
    expect(await listing(1)).toEqual(sqlite);
    // The surname seen alone first is not an actor of its own once the full names arrive.
    expect(sqlite.map((a) => a.name)).not.toContain('Okafor');
    const daniel = sqlite.find((a) => a.name === 'Daniel Okafor');
    // "Mr Okafor" of the first article joined Daniel Okafor when his full name arrived.
    expect(daniel?.articleCount).toBe(3);
    expect(sqlite.map((a) => a.name)).toContain('Grace Okafor');
    const adeyemi = sqlite.find((a) => a.name === 'Tunde Adeyemi');
    expect([adeyemi?.articleCount, adeyemi?.mentionCount]).toEqual([2, 4]);
  });

  it('stays equal to SQLite after removals', async () => {
    for (const at of [2, 5, 0]) {
      for (const e of engines) await e.backend.store.removeArticle(T, e.ids[at]!);
      expect(await listing(1)).toEqual(await listing(0));
    }
  });
});
