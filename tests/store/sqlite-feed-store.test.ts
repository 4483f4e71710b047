import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { describeFeedStoreContract } from './feed-store.contract.ts';
import { preparedArticle } from './prepared-article.ts';

describeFeedStoreContract('SqliteFeedStore (connections on one file)', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'feed-store-'));
  const stores: SqliteArticleStore[] = [];
  const connect = () => {
    const store = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock });
    stores.push(store);
    return store;
  };
  const articles = connect();
  return {
    open: () => connect().feedStore(),
    articles: {
      add: async (tenant, title) =>
        (await articles.addArticle(tenant, preparedArticle(title, ['One sentence here. Another one.'])))
          .article.id,
      remove: async (tenant, id) => {
        await articles.removeArticle(tenant, id);
      },
      exists: async (tenant, id) => (await articles.getArticle(tenant, id)) !== undefined,
    },
    cleanup: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
