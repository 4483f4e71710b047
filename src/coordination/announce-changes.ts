import type { TenantChanges } from '../core/tenant-changes.ts';
import type { ArticleStore } from '../store/article-store.ts';

/**
 * The store, telling `changes` after every article it stored or removed, whoever asked (a command,
 * `briefing-bot ingest`, a feed poll), so other processes' autocomplete lists of that server drop.
 * Everything else passes through untouched.
 */
export function announceArticleChanges(store: ArticleStore, changes: TenantChanges): ArticleStore {
  const announced: Pick<ArticleStore, 'addArticle' | 'addArticles' | 'removeArticle'> = {
    async addArticle(tenant, article) {
      const result = await store.addArticle(tenant, article);
      if (result.status === 'added') changes.publish(tenant);
      return result;
    },
    async addArticles(tenant, articles) {
      const results = await store.addArticles(tenant, articles);
      if (results.some((r) => r.status === 'added')) changes.publish(tenant);
      return results;
    },
    async removeArticle(tenant, id) {
      const removed = await store.removeArticle(tenant, id);
      if (removed) changes.publish(tenant);
      return removed;
    },
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (Object.hasOwn(announced, property)) return announced[property as keyof typeof announced];
      const value = Reflect.get(target, property, receiver);
      // Methods run on the store itself (class fields, private members), not on the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
