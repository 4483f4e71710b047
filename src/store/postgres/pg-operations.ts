import type { Clock } from '../../core/clock.ts';
import type { UsageLedger } from '../../core/usage.ts';
import type { DigestStore } from '../../digests/digest-store.ts';
import type { FeedStore } from '../feed-store.ts';
import type { NearDuplicateStore } from '../near-duplicate-store.ts';
import type { PendingReplyStore } from '../pending-reply-store.ts';
import type { PgDatabase } from './pg-database.ts';
import { PgDigestStore } from './pg-digest-store.ts';
import { PgFeedStore } from './pg-feed-store.ts';
import type { LeaseClock } from './pg-lease-clock.ts';
import { PgNearDuplicateStore } from './pg-near-duplicate-store.ts';
import { PgPendingReplyStore } from './pg-pending-reply-store.ts';
import { PgUsageLedger } from './pg-usage-ledger.ts';

export interface PgOperationsOptions {
  /** Whose clock leases run on; default the database's (every process agrees). Tests may pass their Clock. */
  leaseClock?: LeaseClock | undefined;
  /** Told when a usage write fails (recording never fails a command); default ignore. */
  onUsageError?: ((error: unknown) => void) | undefined;
}

/** The operational ports on one PostgreSQL pool (the article ports come from the article store). */
export interface PgOperations {
  usage: UsageLedger;
  digests: DigestStore;
  feeds: FeedStore;
  nearDuplicates: NearDuplicateStore;
  pendingReplies: PendingReplyStore;
  /** Writes the usage still held in memory; the pool itself is the caller's to close, after this. */
  close(): Promise<void>;
}

/** Builds the usage ledger, digest, feed, near-duplicate and pending-reply ports on a migrated schema (migrations 2, 3). */
export function openPgOperations(
  db: PgDatabase,
  clock: Clock,
  options: PgOperationsOptions = {},
): PgOperations {
  const leaseClock = options.leaseClock ?? 'database';
  const usage = new PgUsageLedger(db, clock, options.onUsageError);
  return {
    usage,
    digests: new PgDigestStore(db, clock, leaseClock),
    feeds: new PgFeedStore(db, leaseClock),
    nearDuplicates: new PgNearDuplicateStore(db),
    pendingReplies: new PgPendingReplyStore(db, leaseClock),
    close: () => usage.flush(),
  };
}
