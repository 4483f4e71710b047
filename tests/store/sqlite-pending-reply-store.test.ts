import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { describePendingReplyStoreContract } from './pending-reply-store.contract.ts';

describePendingReplyStoreContract('SqlitePendingReplyStore (connections on one file)', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'pending-replies-'));
  const stores: SqliteArticleStore[] = [];
  return {
    open: () => {
      const store = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock });
      stores.push(store);
      return store.pendingReplyStore();
    },
    cleanup: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
