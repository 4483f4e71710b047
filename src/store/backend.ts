import type { UsageLedger } from '../core/usage.ts';
import type { DigestStore } from '../digests/digest-store.ts';
import type { ArticleStore } from './article-store.ts';
import type { FeedStore } from './feed-store.ts';
import type { NearDuplicateStore } from './near-duplicate-store.ts';
import type { PendingReplyStore } from './pending-reply-store.ts';

/** Which engine holds the data: the embedded SQLite file, or a shared PostgreSQL database. */
export type BackendKind = 'sqlite' | 'postgres';

/**
 * Every port the store implements, built together on one engine (one SQLite connection, or one
 * PostgreSQL pool): the composition root picks the engine once and hands out the ports.
 */
export interface Backend {
  kind: BackendKind;
  /** Articles, passages, actors and conversations (the role ports of article-store.ts). */
  store: ArticleStore;
  usage: UsageLedger;
  digests: DigestStore;
  feeds: FeedStore;
  nearDuplicates: NearDuplicateStore;
  /** Deferred Discord replies in progress, so any process can finish one whose process died. */
  pendingReplies: PendingReplyStore;
  /** Closes the connection or pool; the ports fail afterwards. */
  close(): Promise<void>;
}
