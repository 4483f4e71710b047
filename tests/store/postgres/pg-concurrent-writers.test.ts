import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import type { Conversation } from '../../../src/core/types.ts';
import { openPostgresBackend, type PostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { actor, emptyAnalysis, preparedArticle } from '../prepared-article.ts';

const skip = await skipPgTests();

// Each backend is its own pool, so its statements run in their own sessions, as two bot processes' do.
describe.skipIf(skip)('PostgreSQL article store with several writers at once', () => {
  let schema: PgTestSchema;
  let one: PostgresBackend;
  let two: PostgresBackend;

  beforeAll(async () => {
    schema = await createTestSchema('pg_concurrent');
    const open = () =>
      openPostgresBackend({ url: schema.url, schema: schema.schema, clock: new FakeClock() });
    [one, two] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await schema?.drop();
  });

  it('stores an article sent by two processes at once once, with its sentences and actors once', async () => {
    const t = 'guild-same';
    const article = preparedArticle(
      'Twice',
      ['Okafor opened the new bridge.', 'Crowds watched the bridge open.'],
      {
        analysis: { ...emptyAnalysis(), actors: [actor('Ada Okafor', { aliases: ['Okafor'] })] },
      },
    );
    for (let round = 0; round < 5; round++) {
      const copy = { ...article, contentHash: `${article.contentHash}-${round}` };
      const results = await Promise.all([one.store.addArticle(t, copy), two.store.addArticle(t, copy)]);
      expect(results.map((r) => r.status).sort()).toEqual(['added', 'duplicate']);
      expect(results[0].article.id).toBe(results[1].article.id);
    }
    expect(await one.store.countArticles(t)).toBe(5);
    expect(await two.store.searchPassages(t, { terms: ['bridge'], limit: 20 })).toHaveLength(10);
    const [okafor] = await one.store.listRegistryActors(t, 5);
    expect(okafor).toMatchObject({ name: 'Ada Okafor', articleCount: 5 });
  });

  it('keeps statistics and the registry whole when both write different articles of one tenant', async () => {
    const t = 'guild-busy';
    const batch = (who: string) =>
      Array.from({ length: 12 }, (_, i) =>
        preparedArticle(`${who} ${i}`, [`Report ${who}-${i}: Minister Ada Okafor visited the port.`], {
          analysis: { ...emptyAnalysis(), actors: [actor('Ada Okafor')] },
        }),
      );
    await Promise.all([
      ...batch('one').map((a) => one.store.addArticle(t, a)),
      ...batch('two').map((a) => two.store.addArticle(t, a)),
    ]);
    expect(await one.store.countArticles(t)).toBe(24);
    expect((await two.store.listRegistryActors(t, 5)).map((a) => [a.name, a.articleCount])).toEqual([
      ['Ada Okafor', 24],
    ]);
    const stats = await one.db.query<{ passages: string }>(
      'stats',
      'SELECT passages FROM search_tenants WHERE tenant = $1',
      [t],
    );
    expect(Number(stats.rows[0]?.passages)).toBe(24);
  });

  it('lets exactly one of two writers replace a conversation read at the same version', async () => {
    const t = 'guild-talk';
    const start: Conversation = { id: 'thread', focusActors: [], articleIds: [], turns: [], updatedAt: '' };
    expect(await one.store.saveConversation(t, start)).toBe(true);
    const read = (await two.store.getConversation(t, 'thread'))!;
    const turn = (text: string) => ({ ...read, turns: [{ role: 'user' as const, text, at: '' }] });
    const saved = await Promise.all([
      one.store.saveConversation(t, turn('one')),
      two.store.saveConversation(t, turn('two')),
    ]);
    expect(saved.sort()).toEqual([false, true]);
    expect((await one.store.getConversation(t, 'thread'))?.turns).toHaveLength(1);
  });
});
