import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import { minhashSignature } from '../../../src/dedup/minhash.ts';
import { openPostgresBackend, type PostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { TRAM_CRASH, TRAM_VOTE, TRAM_VOTE_WIRE_COPY } from '../../dedup/stories.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { actor, emptyAnalysis, preparedArticle } from '../prepared-article.ts';

const skip = await skipPgTests();

/** As on SQLite: bulk ingest hands the store the signature, written in the article's own transaction. */
describe.skipIf(skip)('PostgreSQL: a near-duplicate signature stored with its article', () => {
  let schema: PgTestSchema;
  let backend: PostgresBackend;

  beforeAll(async () => {
    schema = await createTestSchema('pg_signature');
    backend = await openPostgresBackend({ url: schema.url, schema: schema.schema, clock: new FakeClock() });
  });
  afterAll(async () => {
    await backend?.close();
    await schema?.drop();
  });

  it("indexes an added article's signature, and not a failed article's", async () => {
    const broken = {
      ...preparedArticle('Crash', [TRAM_CRASH]),
      analysis: { ...emptyAnalysis(), actors: [actor('Bad', { type: 'not-a-type' as 'person' })] },
      signature: minhashSignature(TRAM_CRASH),
    };
    const vote = { ...preparedArticle('Tram vote', [TRAM_VOTE]), signature: minhashSignature(TRAM_VOTE) };
    const results = await backend.store.addArticles('guild-a', [broken, vote]);
    expect(results.map((r) => r.status)).toEqual(['failed', 'added']);
    const added = results[1]!.status === 'added' ? results[1]!.article.id : -1;
    const match = await backend.nearDuplicates.findNear(
      'guild-a',
      minhashSignature(TRAM_VOTE_WIRE_COPY),
      0.4,
    );
    expect(match?.articleId).toBe(added);
    expect(
      await backend.nearDuplicates.findNear('guild-a', minhashSignature(TRAM_CRASH), 0.4),
    ).toBeUndefined();
    // Another server never sees it.
    expect(
      await backend.nearDuplicates.findNear('guild-b', minhashSignature(TRAM_VOTE), 0.4),
    ).toBeUndefined();
  });
});
