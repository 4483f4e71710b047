import type { PublishedRef } from '../core/publisher.ts';
import type { TenantId } from '../core/types.ts';

/** Why a feed stopped being polled; each has a fix shown in `/feed list`. */
export type FeedDisabledCode = 'FAILED_REQUESTS' | 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_FEED' | 'TOO_LARGE';

/** A followed feed of one tenant, with its polling state. */
export interface FeedRecord {
  id: number;
  tenant: TenantId;
  url: string;
  title?: string | undefined;
  /** Only items mentioning the topic are stored (and announced). */
  topic?: string | undefined;
  /** Channel where new items are announced; none means store silently. */
  announceChannelId?: string | undefined;
  intervalMinutes: number;
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** Hash of the last body whose items were all saved (unchanged bodies are skipped). */
  bodyHash?: string | undefined;
  /** Consecutive failed polls. */
  failures: number;
  lastError?: string | undefined;
  disabledCode?: FeedDisabledCode | undefined;
  /** Why announcing stopped (channel gone, missing permission); cleared by `/feed resume`. */
  announceError?: string | undefined;
  nextPollAt: Date;
  lastPolledAt?: Date | undefined;
  /** When the first successful poll finished: items before it are never announced. */
  baselineAt?: Date | undefined;
  createdAt: Date;
  /** Items seen so far. */
  itemCount: number;
}

export interface NewFeed {
  url: string;
  title?: string | undefined;
  topic?: string | undefined;
  announceChannelId?: string | undefined;
  intervalMinutes: number;
}

export type AddFeedResult = { status: 'added'; feed: FeedRecord } | { status: 'exists'; feed: FeedRecord };

/** The right to poll one feed until `leaseUntil`; writes with a stale token are refused. */
export interface PollClaim {
  feed: FeedRecord;
  token: string;
  leaseUntil: Date;
}

/** One item as recorded once seen, whatever became of it. */
export interface SeenItem {
  itemId: string;
  title: string;
  link?: string | undefined;
  /** The stored article (new or the duplicate it matched); none when the item was skipped. */
  articleId?: number | undefined;
  /** One sentence for the announcement. */
  summary?: string | undefined;
  /** ISO instant from the feed; orders the announcement. */
  publishedAt?: string | undefined;
  /** Queue it for announcement (false on the first poll, without a channel, or for duplicates). */
  announce: boolean;
}

export type PollResult =
  | {
      ok: true;
      /** The response's validators, replacing the stored ones (absent after a 304: keep them). */
      validators?: { etag?: string | undefined; lastModified?: string | undefined } | undefined;
      /** New body hash, once every item of that body is saved; undefined keeps the old one (304). */
      bodyHash?: string | undefined;
      title?: string | undefined;
      nextPollAt: Date;
    }
  | {
      ok: false;
      code: FeedDisabledCode;
      message: string;
      /** When to try again; ignored when this failure disables the feed. */
      retryAt: Date;
      /** Disable now (the failure count reached the limit). */
      disable: boolean;
    };

export interface AnnouncedItem {
  itemId: string;
  title: string;
  link?: string | undefined;
  articleId?: number | undefined;
  summary?: string | undefined;
}

/** A batch of items claimed for one announcement post; its `runId` marks the post on the transport. */
export interface AnnouncementClaim {
  id: number;
  runId: string;
  tenant: TenantId;
  feedId: number;
  channelId: string;
  items: AnnouncedItem[];
  createdAt: Date;
  /** A batch whose earlier claimant vanished: it may have posted already (check with findPost). */
  resumed: boolean;
}

/** Feeds, the items seen in them, poll leases and announcement claims. */
export interface FeedStore {
  /** Follows a feed for a tenant; the same URL twice is reported, not added. */
  addFeed(tenant: TenantId, feed: NewFeed, now: Date): Promise<AddFeedResult>;
  /** The tenant's feeds, oldest first. */
  listFeeds(tenant: TenantId): Promise<FeedRecord[]>;
  /** One feed of the tenant. */
  getFeed(tenant: TenantId, id: number): Promise<FeedRecord | undefined>;
  /** Stops following a feed (its stored articles stay); false when there is no such feed. */
  removeFeed(tenant: TenantId, id: number): Promise<boolean>;
  /** Clears a disabled code, the failure count and any announcement error; due at once. */
  resumeFeed(tenant: TenantId, id: number, now: Date): Promise<FeedRecord | undefined>;
  /** Claims up to `limit` due, enabled, unleased feeds (all tenants: the scheduler is global). */
  claimDueFeeds(now: Date, limit: number, leaseMs: number): Promise<PollClaim[]>;
  /** Claims one feed now whatever its due time (`/feed check`); undefined when leased or disabled. */
  claimFeed(tenant: TenantId, id: number, now: Date, leaseMs: number): Promise<PollClaim | undefined>;
  /** Which of these item ids the feed has already seen. */
  seenItemIds(feedId: number, itemIds: readonly string[]): Promise<Set<string>>;
  /** Records a seen item; false when it was already recorded (or the claim is stale). */
  recordItem(claim: PollClaim, item: SeenItem, now: Date): Promise<boolean>;
  /** Ends a poll: schedule, validators and hash on success, failure count on failure; false for a stale claim. */
  finishPoll(claim: PollClaim, result: PollResult, now: Date): Promise<boolean>;
  /** Claims every pending item of the feed for one post (or an abandoned batch); undefined when none. */
  claimAnnouncement(
    tenant: TenantId,
    feedId: number,
    now: Date,
    leaseMs: number,
  ): Promise<AnnouncementClaim | undefined>;
  /** The batch's post landed: its items are announced for good. */
  completeAnnouncement(claim: AnnouncementClaim, ref: PublishedRef): Promise<void>;
  /** The post failed: the items go back to pending; a permanent error also stops announcing. */
  releaseAnnouncement(claim: AnnouncementClaim, permanentError?: string): Promise<void>;
}
