import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findNamedActors } from '../../src/briefing/actor-lookup.ts';
import { FakeClock } from '../../src/core/clock.ts';
import type { ExtractedActor } from '../../src/core/types.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { actor, emptyAnalysis, preparedArticle } from '../store/prepared-article.ts';

const T = 'guild-a';

describe('findNamedActors: the names a question uses, matched precisely in the registry', () => {
  let store: SqliteArticleStore;
  let n = 0;
  const add = async (tenant: string, ...actors: ExtractedActor[]) => {
    n++;
    await store.addArticle(
      tenant,
      preparedArticle(`Article ${n}`, [`Text of article number ${n} about several people.`], {
        analysis: { ...emptyAnalysis(), actors },
      }),
    );
  };
  const names = async (question: string, focus: string[] = [], tenant = T) =>
    (await findNamedActors(store, tenant, question, focus)).map((a) => a.name);

  beforeEach(async () => {
    store = SqliteArticleStore.open({
      path: ':memory:',
      clock: new FakeClock(new Date('2026-03-01')),
    });
    await add(T, actor('Bill Gates', { aliases: ['Bill Gates', 'Gates'], salience: 3 }));
    await add(T, actor('Robert Gates', { aliases: ['Robert Gates'] }));
    await add(T, actor('Terrorism Bill', { aliases: ['Terrorism Bill'] }), actor('Gambling Bill'));
    await add(
      T,
      actor('Funny Thing Happened', { type: 'organisation' }),
      actor('Happened', { type: 'organisation' }),
    );
  });

  afterEach(async () => {
    await store.close();
  });

  it('lets a full name hide the shorter runs inside it', async () => {
    expect(await names('Who is Bill Gates?')).toEqual(['Bill Gates']);
    expect(await names('who is bill gates')).toEqual(['Bill Gates']);
  });

  it('takes a bare surname only when one actor has it, or the conversation is about one of them', async () => {
    // Two people are called Gates: a bare "Gates" is neither, unless the conversation is about one.
    expect(await names('What did Gates say?')).toEqual([]);
    expect(await names('What did Gates say?', ['Robert Gates'])).toEqual(['Robert Gates']);
    await add(T, actor('Laura Bush'), actor('George Bush'));
    expect(await names('What did Bush say?')).toEqual([]);
    expect(await names('What did Bush say?', ['Laura Bush'])).toEqual(['Laura Bush']);
    await add(T, actor('Mikhail Vinogradov'));
    expect(await names('What did Vinogradov say?')).toEqual(['Mikhail Vinogradov']);
  });

  it('reads only capitalised runs as names in a question written with capitals', async () => {
    expect(await names('What happened at the meeting?')).toEqual([]);
    expect(await names('Who founded Funny Thing Happened?')).toEqual(['Funny Thing Happened']);
  });

  it('names at most three actors, and only the tenant’s', async () => {
    await add(T, actor('Anna Smith'), actor('Boris Jones'), actor('Clara Brown'), actor('Dmitri White'));
    expect(await names('Did Anna Smith, Boris Jones, Clara Brown and Dmitri White meet?')).toHaveLength(3);
    expect(await names('Who is Bill Gates?', [], 'guild-b')).toEqual([]);
  });

  it('finds a mistyped name one edit away, only when the question names no one as written', async () => {
    await add(T, actor('Frank Arnesen', { aliases: ['Frank Arnesen', 'Arnesen'] }));
    expect(await names("when's arneson gonna make a statement?")).toEqual(['Frank Arnesen']);
    expect(await names('What did Frank Arneson say?')).toEqual(['Frank Arnesen']);
    // Named as written: no guessing at the other words.
    expect(await names('Did Bill Gates meet Arneson?')).toEqual(['Bill Gates']);
    // A word the articles use is never taken for a typo of a name ("number" is in every text here).
    await add(T, actor('Numbers', { type: 'organisation' }));
    expect(await names('what number was it?')).toEqual([]);
  });
});
