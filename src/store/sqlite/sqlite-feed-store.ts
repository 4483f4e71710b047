import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { PublishedRef } from '../../core/publisher.ts';
import type { TenantId } from '../../core/types.ts';
import { type FeedRow, toFeed } from '../feed-rows.ts';
import type {
  AddFeedResult,
  AnnouncedItem,
  AnnouncementClaim,
  FeedRecord,
  FeedStore,
  NewFeed,
  PollClaim,
  PollResult,
  SeenItem,
} from '../feed-store.ts';

interface AnnouncementRow {
  id: number;
  tenant: string;
  feed_id: number;
  run_id: string;
  channel_id: string;
  lease_until: string;
  created_at: string;
}

interface ItemRow {
  item_id: string;
  title: string;
  link: string | null;
  article_id: number | null;
  summary: string | null;
}

const FEED_COLUMNS = `f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS item_count`;

/**
 * FeedStore on the article store's SQLite file. Every claim is a conditional write inside an
 * IMMEDIATE transaction, so two processes on one file never poll one feed at once nor post one
 * item twice: the loser's UPDATE matches no row.
 */
export class SqliteFeedStore implements FeedStore {
  private readonly s: FeedStatements;
  private readonly claimDueTx: (now: string, limit: number, until: string) => PollClaim[];
  private readonly claimAnnouncementTx: (
    tenant: TenantId,
    feedId: number,
    now: string,
    until: string,
  ) => AnnouncementClaim | undefined;

  constructor(private readonly db: Database.Database) {
    this.s = prepareFeedStatements(db);
    const claimDue = db.transaction((now: string, limit: number, until: string) => {
      const claims: PollClaim[] = [];
      for (const { id } of this.s.dueIds.all(now, now, limit)) {
        const claim = this.lease(id, undefined, now, until);
        if (claim) claims.push(claim);
      }
      return claims;
    });
    this.claimDueTx = (now, limit, until) => claimDue.immediate(now, limit, until);
    const claimAnnouncement = db.transaction(
      (tenant: TenantId, feedId: number, now: string, until: string): AnnouncementClaim | undefined => {
        const open = this.s.openBatch.get(feedId, tenant);
        if (open) {
          // Someone holds it; or they vanished and the lease ran out, and this claimant takes over.
          if (this.s.extendBatch.run(until, open.id, now).changes !== 1) return undefined;
          return this.toClaim({ ...open, lease_until: until }, true);
        }
        const target = this.s.announceTarget.get(feedId, tenant);
        if (!target?.announce_channel || target.announce_error) return undefined;
        if (!this.s.hasPending.get(feedId)) return undefined;
        const runId = `feed-${randomBytes(8).toString('hex')}`;
        const id = Number(
          this.s.insertBatch.run({ tenant, feedId, runId, channel: target.announce_channel, until, now })
            .lastInsertRowid,
        );
        this.s.batchItems.run(id, feedId);
        const row = this.s.batchById.get(id)!;
        return this.toClaim(row, false);
      },
    );
    this.claimAnnouncementTx = (tenant, feedId, now, until) =>
      claimAnnouncement.immediate(tenant, feedId, now, until);
  }

  async addFeed(tenant: TenantId, feed: NewFeed, now: Date): Promise<AddFeedResult> {
    const result = this.s.insertFeed.run({
      tenant,
      url: feed.url,
      title: feed.title ?? null,
      topic: feed.topic ?? null,
      announce: feed.announceChannelId ?? null,
      interval: feed.intervalMinutes,
      now: now.toISOString(),
    });
    const row = this.s.feedByUrl.get(tenant, feed.url)!;
    return { status: result.changes === 1 ? 'added' : 'exists', feed: toFeed(row) };
  }

  async listFeeds(tenant: TenantId): Promise<FeedRecord[]> {
    return this.s.feedsOf.all(tenant).map(toFeed);
  }

  async getFeed(tenant: TenantId, id: number): Promise<FeedRecord | undefined> {
    const row = this.s.feedById.get(tenant, id);
    return row ? toFeed(row) : undefined;
  }

  async removeFeed(tenant: TenantId, id: number): Promise<boolean> {
    return this.s.removeFeed.run(tenant, id).changes === 1;
  }

  async resumeFeed(tenant: TenantId, id: number, now: Date): Promise<FeedRecord | undefined> {
    if (this.s.resumeFeed.run(now.toISOString(), tenant, id).changes !== 1) return undefined;
    return this.getFeed(tenant, id);
  }

  async claimDueFeeds(now: Date, limit: number, leaseMs: number): Promise<PollClaim[]> {
    return this.claimDueTx(now.toISOString(), limit, new Date(now.getTime() + leaseMs).toISOString());
  }

  async claimFeed(tenant: TenantId, id: number, now: Date, leaseMs: number): Promise<PollClaim | undefined> {
    return this.lease(id, tenant, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString());
  }

  async seenItemIds(feedId: number, itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    return new Set(this.s.seen.all(feedId, JSON.stringify(itemIds)).map((r) => r.item_id));
  }

  async recordItem(claim: PollClaim, item: SeenItem, now: Date): Promise<boolean> {
    const result = this.s.insertItem.run({
      feedId: claim.feed.id,
      itemId: item.itemId,
      title: item.title,
      link: item.link ?? null,
      publishedAt: item.publishedAt ?? null,
      articleId: item.articleId ?? null,
      summary: item.summary ?? null,
      state: item.announce ? 'pending' : 'none',
      now: now.toISOString(),
      token: claim.token,
    });
    return result.changes === 1;
  }

  async finishPoll(claim: PollClaim, result: PollResult, now: Date): Promise<boolean> {
    const base = { id: claim.feed.id, token: claim.token, now: now.toISOString() };
    if (result.ok) {
      return (
        this.s.finishOk.run({
          ...base,
          replaceValidators: result.validators ? 1 : 0,
          etag: result.validators?.etag ?? null,
          lastModified: result.validators?.lastModified ?? null,
          bodyHash: result.bodyHash ?? null,
          title: result.title ?? null,
          next: result.nextPollAt.toISOString(),
        }).changes === 1
      );
    }
    return (
      this.s.finishFailed.run({
        ...base,
        message: result.message,
        next: result.retryAt.toISOString(),
        disable: result.disable ? 1 : 0,
        code: result.code,
      }).changes === 1
    );
  }

  async claimAnnouncement(
    tenant: TenantId,
    feedId: number,
    now: Date,
    leaseMs: number,
  ): Promise<AnnouncementClaim | undefined> {
    return this.claimAnnouncementTx(
      tenant,
      feedId,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
    );
  }

  async completeAnnouncement(claim: AnnouncementClaim, ref: PublishedRef): Promise<void> {
    this.db
      .transaction(() => {
        this.s.markPosted.run(ref.messageId, claim.id);
        this.s.itemsAnnounced.run(claim.id);
      })
      .immediate();
  }

  async releaseAnnouncement(claim: AnnouncementClaim, permanentError?: string): Promise<void> {
    this.db
      .transaction(() => {
        this.s.itemsBack.run(claim.id);
        this.s.dropBatch.run(claim.id);
        if (permanentError) this.s.announceError.run(permanentError, claim.feedId);
      })
      .immediate();
  }

  private lease(id: number, tenant: TenantId | undefined, now: string, until: string): PollClaim | undefined {
    const token = randomBytes(12).toString('hex');
    const changed = this.s.lease.run({ id, tenant: tenant ?? null, token, until, now }).changes;
    if (changed !== 1) return undefined;
    const row = this.s.feedByIdAnyTenant.get(id)!;
    return { feed: toFeed(row), token, leaseUntil: new Date(until) };
  }

  private toClaim(row: AnnouncementRow, resumed: boolean): AnnouncementClaim {
    const items: AnnouncedItem[] = this.s.itemsOfBatch.all(row.id).map((r) => ({
      itemId: r.item_id,
      title: r.title,
      link: r.link ?? undefined,
      articleId: r.article_id ?? undefined,
      summary: r.summary ?? undefined,
    }));
    return {
      id: row.id,
      runId: row.run_id,
      tenant: row.tenant,
      feedId: row.feed_id,
      channelId: row.channel_id,
      items,
      createdAt: new Date(row.created_at),
      resumed,
    };
  }
}

/** Every statement the feed store runs, prepared once per connection. */
function prepareFeedStatements(db: Database.Database) {
  return {
    insertFeed: db.prepare(
      `INSERT INTO feeds (tenant, url, title, topic, announce_channel, interval_minutes, next_poll_at, created_at)
       VALUES (@tenant, @url, @title, @topic, @announce, @interval, @now, @now)
       ON CONFLICT (tenant, url) DO NOTHING`,
    ),
    feedByUrl: db.prepare<[string, string], FeedRow>(
      `SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.tenant = ? AND f.url = ?`,
    ),
    feedById: db.prepare<[string, number], FeedRow>(
      `SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.tenant = ? AND f.id = ?`,
    ),
    feedsOf: db.prepare<[string], FeedRow>(
      `SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.tenant = ? ORDER BY f.id`,
    ),
    removeFeed: db.prepare<[string, number]>(`DELETE FROM feeds WHERE tenant = ? AND id = ?`),
    resumeFeed: db.prepare<[string, string, number]>(
      `UPDATE feeds SET disabled_code = NULL, failures = 0, last_error = NULL, announce_error = NULL,
         next_poll_at = ? WHERE tenant = ? AND id = ?`,
    ),
    dueIds: db.prepare<[string, string, number], { id: number }>(
      `SELECT id FROM feeds WHERE disabled_code IS NULL AND next_poll_at <= ?
         AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_poll_at, id LIMIT ?`,
    ),
    lease: db.prepare(
      `UPDATE feeds SET lease_token = @token, lease_until = @until
       WHERE id = @id AND (@tenant IS NULL OR tenant = @tenant) AND disabled_code IS NULL
         AND (lease_until IS NULL OR lease_until <= @now)`,
    ),
    feedByIdAnyTenant: db.prepare<[number], FeedRow>(`SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.id = ?`),
    seen: db.prepare<[number, string], { item_id: string }>(
      `SELECT item_id FROM feed_items WHERE feed_id = ? AND item_id IN (SELECT value FROM json_each(?))`,
    ),
    insertItem: db.prepare(
      `INSERT INTO feed_items (feed_id, item_id, tenant, title, link, published_at, article_id, summary, announce_state, seen_at)
       SELECT @feedId, @itemId, tenant, @title, @link, @publishedAt, @articleId, @summary, @state, @now
       FROM feeds WHERE id = @feedId AND lease_token = @token
       ON CONFLICT (feed_id, item_id) DO NOTHING`,
    ),
    finishOk: db.prepare(
      `UPDATE feeds SET
         etag = CASE WHEN @replaceValidators THEN @etag ELSE etag END,
         last_modified = CASE WHEN @replaceValidators THEN @lastModified ELSE last_modified END,
         body_hash = COALESCE(@bodyHash, body_hash), title = COALESCE(@title, title),
         failures = 0, last_error = NULL, next_poll_at = @next, last_polled_at = @now,
         baseline_at = COALESCE(baseline_at, @now), lease_token = NULL, lease_until = NULL
       WHERE id = @id AND lease_token = @token`,
    ),
    finishFailed: db.prepare(
      `UPDATE feeds SET failures = failures + 1, last_error = @message, next_poll_at = @next,
         disabled_code = CASE WHEN @disable THEN @code ELSE NULL END, last_polled_at = @now,
         lease_token = NULL, lease_until = NULL
       WHERE id = @id AND lease_token = @token`,
    ),
    openBatch: db.prepare<[number, string], AnnouncementRow>(
      `SELECT * FROM feed_announcements WHERE feed_id = ? AND tenant = ? AND state = 'claimed' ORDER BY id LIMIT 1`,
    ),
    extendBatch: db.prepare<[string, number, string]>(
      `UPDATE feed_announcements SET lease_until = ? WHERE id = ? AND state = 'claimed' AND lease_until <= ?`,
    ),
    announceTarget: db.prepare<
      [number, string],
      { announce_channel: string | null; announce_error: string | null }
    >(`SELECT announce_channel, announce_error FROM feeds WHERE id = ? AND tenant = ?`),
    hasPending: db.prepare<[number], { n: number }>(
      `SELECT 1 AS n FROM feed_items WHERE feed_id = ? AND announce_state = 'pending' LIMIT 1`,
    ),
    insertBatch: db.prepare(
      `INSERT INTO feed_announcements (tenant, feed_id, run_id, channel_id, state, lease_until, created_at)
       VALUES (@tenant, @feedId, @runId, @channel, 'claimed', @until, @now)`,
    ),
    batchItems: db.prepare<[number, number]>(
      `UPDATE feed_items SET announce_state = 'batched', batch_id = ? WHERE feed_id = ? AND announce_state = 'pending'`,
    ),
    itemsOfBatch: db.prepare<[number], ItemRow>(
      `SELECT item_id, title, link, article_id, summary FROM feed_items WHERE batch_id = ?
       ORDER BY published_at IS NULL, published_at DESC, seen_at DESC, item_id`,
    ),
    batchById: db.prepare<[number], AnnouncementRow>(`SELECT * FROM feed_announcements WHERE id = ?`),
    markPosted: db.prepare<[string, number]>(
      `UPDATE feed_announcements SET state = 'posted', message_id = ? WHERE id = ?`,
    ),
    itemsAnnounced: db.prepare<[number]>(
      `UPDATE feed_items SET announce_state = 'announced' WHERE batch_id = ?`,
    ),
    itemsBack: db.prepare<[number]>(
      `UPDATE feed_items SET announce_state = 'pending', batch_id = NULL WHERE batch_id = ?`,
    ),
    dropBatch: db.prepare<[number]>(`DELETE FROM feed_announcements WHERE id = ?`),
    announceError: db.prepare<[string, number]>(`UPDATE feeds SET announce_error = ? WHERE id = ?`),
  };
}

type FeedStatements = ReturnType<typeof prepareFeedStatements>;
