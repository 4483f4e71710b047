import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { minhashSignature } from '../../src/dedup/minhash.ts';
import type { NearDuplicateStore } from '../../src/store/near-duplicate-store.ts';
import { TRAM_CRASH, TRAM_VOTE, TRAM_VOTE_WIRE_COPY } from '../dedup/stories.ts';
import type { FeedArticles } from './feed-store.contract.ts';

export interface NearDuplicateStoreFixture {
  /** A new, independent handle on the same data each call (another process). */
  open(): NearDuplicateStore;
  /** Articles on the same backend (signatures and outlets belong to one). */
  articles: FeedArticles;
  cleanup: () => Promise<void>;
}

/** The NearDuplicateStore contract: every implementation runs this suite against a real backend. */
export function describeNearDuplicateStoreContract(
  name: string,
  makeStore: (clock: FakeClock) => Promise<NearDuplicateStoreFixture>,
): void {
  describe(`NearDuplicateStore contract: ${name}`, () => {
    let fixture: NearDuplicateStoreFixture;

    beforeEach(async () => {
      fixture = await makeStore(new FakeClock(new Date('2026-03-01T08:00:00Z')));
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('finds the stored copy through its bands, per tenant, across connections', async () => {
      const id = await fixture.articles.add('guild-a', 'Tram vote');
      await fixture.open().addSignature('guild-a', id, minhashSignature(TRAM_VOTE));
      const index = fixture.open();
      const match = await index.findNear('guild-a', minhashSignature(TRAM_VOTE_WIRE_COPY), 0.4);
      expect(match?.articleId).toBe(id);
      expect(match!.similarity).toBeGreaterThan(0.4);
      expect(await index.findNear('guild-b', minhashSignature(TRAM_VOTE_WIRE_COPY), 0.4)).toBeUndefined();
      expect(await index.findNear('guild-a', minhashSignature(TRAM_CRASH), 0.4)).toBeUndefined();
      // A signature for another tenant's article is not indexed.
      await index.addSignature('guild-b', id, minhashSignature(TRAM_CRASH));
      expect(await index.findNear('guild-b', minhashSignature(TRAM_CRASH), 0.4)).toBeUndefined();
    });

    it('picks the most similar of several candidates, and forgets an article once it is removed', async () => {
      const store = fixture.open();
      const vote = await fixture.articles.add('guild-a', 'Tram vote');
      const crash = await fixture.articles.add('guild-a', 'Tram crash');
      await store.addSignature('guild-a', crash, minhashSignature(TRAM_CRASH));
      await store.addSignature('guild-a', vote, minhashSignature(TRAM_VOTE));
      const exact = await store.findNear('guild-a', minhashSignature(TRAM_VOTE), 0.4);
      expect(exact).toEqual({ articleId: vote, similarity: 1 });
      await fixture.articles.remove('guild-a', vote);
      expect(await store.findNear('guild-a', minhashSignature(TRAM_VOTE), 0.4)).toBeUndefined();
      expect((await store.findNear('guild-a', minhashSignature(TRAM_CRASH), 0.4))?.articleId).toBe(crash);
    });

    it('lists each other outlet once (by address, else by outlet and title), oldest first, per tenant', async () => {
      const store = fixture.open();
      const id = await fixture.articles.add('guild-a', 'Tram vote');
      const other = await fixture.articles.add('guild-a', 'Tram crash');
      const wire = {
        title: 'Tram vote passes',
        source: 'Wire',
        url: 'https://w.example/1',
        addedAt: '2026-03-01',
      };
      expect(await store.addOutlet('guild-a', id, wire)).toBe(true);
      expect(await store.addOutlet('guild-a', id, { ...wire, title: 'Retitled' })).toBe(false);
      const untitled = { title: 'Tram Vote', source: 'Paper', addedAt: '2026-03-02' };
      expect(await store.addOutlet('guild-a', id, untitled)).toBe(true);
      expect(await store.addOutlet('guild-a', id, { ...untitled, title: 'tram vote' })).toBe(false);
      expect(await store.addOutlet('guild-b', id, { ...wire, url: 'https://w.example/2' })).toBe(false);

      const listed = await fixture.open().listOutlets('guild-a', [id, other, 999_999]);
      expect([...listed.keys()]).toEqual([id]);
      expect(listed.get(id)).toEqual([
        {
          title: 'Tram vote passes',
          source: 'Wire',
          url: 'https://w.example/1',
          publishedAt: undefined,
          addedAt: '2026-03-01',
        },
        {
          title: 'Tram Vote',
          source: 'Paper',
          url: undefined,
          publishedAt: undefined,
          addedAt: '2026-03-02',
        },
      ]);
      expect((await store.listOutlets('guild-b', [id])).size).toBe(0);
      expect((await store.listOutlets('guild-a', [])).size).toBe(0);
    });
  });
}
