import { randomBytes } from 'node:crypto';
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
import type { PgDatabase, PgQueryable } from './pg-database.ts';
import {
  type LeaseClock,
  leaseMsParam,
  leaseNowParam,
  leaseNowSql,
  leaseUntilSql,
} from './pg-lease-clock.ts';
import { isRowId } from './pg-row-id.ts';

/** The shared row, plus the poll lease PostgreSQL reads back on a claim. */
interface PgFeedRow extends FeedRow {
  lease_token: string | null;
  lease_until: Date | null;
}

interface AnnouncementRow {
  id: number;
  tenant: string;
  feed_id: number;
  run_id: string;
  channel_id: string;
  created_at: Date;
}

interface ItemRow {
  item_id: string;
  title: string;
  link: string | null;
  article_id: number | null;
  summary: string | null;
}

const FEED_COLUMNS = `f.id::float8 AS id, f.tenant, f.url, f.title, f.topic, f.announce_channel, f.interval_minutes,
  f.etag, f.last_modified, f.body_hash, f.failures, f.last_error, f.disabled_code, f.announce_error, f.next_poll_at,
  f.lease_token, f.lease_until, f.last_polled_at, f.baseline_at, f.created_at,
  (SELECT count(*)::float8 FROM feed_items i WHERE i.feed_id = f.id) AS item_count`;
const BATCH_COLUMNS = `id::float8 AS id, tenant, feed_id::float8 AS feed_id, run_id, channel_id, created_at`;

/**
 * FeedStore on PostgreSQL, for several bot processes. Due feeds are leased with
 * `FOR UPDATE SKIP LOCKED`, so concurrent pollers split the due work instead of queueing on it;
 * leases run on the lease clock (the database's now() in production) and every write of a poll
 * is fenced on the lease token. An announcement batch is claimed under the feed's row lock, so
 * each pending item lands in exactly one post.
 */
export class PgFeedStore implements FeedStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly leaseClock: LeaseClock = 'database',
  ) {}

  async addFeed(tenant: TenantId, feed: NewFeed, now: Date): Promise<AddFeedResult> {
    return this.db.transaction('feed addFeed', async (client) => {
      const inserted = await client.query(
        `INSERT INTO feeds (tenant, url, title, topic, announce_channel, interval_minutes, next_poll_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (tenant, url) DO NOTHING`,
        [
          tenant,
          feed.url,
          feed.title ?? null,
          feed.topic ?? null,
          feed.announceChannelId ?? null,
          feed.intervalMinutes,
          now,
        ],
      );
      const { rows } = await client.query<PgFeedRow>(
        `SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.tenant = $1 AND f.url = $2`,
        [tenant, feed.url],
      );
      return { status: inserted.rowCount === 1 ? 'added' : 'exists', feed: toFeed(rows[0]!) };
    });
  }

  async listFeeds(tenant: TenantId): Promise<FeedRecord[]> {
    const { rows } = await this.db.query<PgFeedRow>(
      'feed listFeeds',
      `SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.tenant = $1 ORDER BY f.id`,
      [tenant],
    );
    return rows.map(toFeed);
  }

  async getFeed(tenant: TenantId, id: number): Promise<FeedRecord | undefined> {
    if (!isRowId(id)) return undefined;
    const { rows } = await this.db.query<PgFeedRow>(
      'feed getFeed',
      `SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.tenant = $1 AND f.id = $2`,
      [tenant, id],
    );
    return rows[0] && toFeed(rows[0]);
  }

  async removeFeed(tenant: TenantId, id: number): Promise<boolean> {
    if (!isRowId(id)) return false;
    const result = await this.db.query('feed removeFeed', 'DELETE FROM feeds WHERE tenant = $1 AND id = $2', [
      tenant,
      id,
    ]);
    return result.rowCount === 1;
  }

  async resumeFeed(tenant: TenantId, id: number, now: Date): Promise<FeedRecord | undefined> {
    if (!isRowId(id)) return undefined;
    const result = await this.db.query(
      'feed resumeFeed',
      `UPDATE feeds SET disabled_code = NULL, failures = 0, last_error = NULL, announce_error = NULL,
         next_poll_at = $1 WHERE tenant = $2 AND id = $3`,
      [now, tenant, id],
    );
    if (result.rowCount !== 1) return undefined;
    return this.getFeed(tenant, id);
  }

  async claimDueFeeds(now: Date, limit: number, leaseMs: number): Promise<PollClaim[]> {
    const bounded = Math.min(1_000, Math.max(1, Math.floor(limit)));
    // Rows another poller is leasing right now are skipped, not waited for: it takes them.
    const { rows } = await this.db.query<PgFeedRow>(
      'feed claimDueFeeds',
      `WITH due AS (
         SELECT id FROM feeds
         WHERE disabled_code IS NULL AND next_poll_at <= $1
           AND (lease_until IS NULL OR lease_until <= ${leaseNowSql('$2')})
         ORDER BY next_poll_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE feeds f SET lease_token = $5 || f.id::text, lease_until = ${leaseUntilSql('$2', '$4')}
       FROM due WHERE f.id = due.id
       RETURNING ${FEED_COLUMNS}`,
      [now, leaseNowParam(this.leaseClock, now), bounded, leaseMsParam(leaseMs), `${token()}-`],
    );
    return rows
      .map(toClaim)
      .sort((a, b) => a.feed.nextPollAt.getTime() - b.feed.nextPollAt.getTime() || a.feed.id - b.feed.id);
  }

  async claimFeed(tenant: TenantId, id: number, now: Date, leaseMs: number): Promise<PollClaim | undefined> {
    if (!isRowId(id)) return undefined;
    const { rows } = await this.db.query<PgFeedRow>(
      'feed claimFeed',
      `UPDATE feeds f SET lease_token = $3, lease_until = ${leaseUntilSql('$4', '$5')}
       WHERE f.id = (
         SELECT id FROM feeds WHERE id = $1 AND tenant = $2 AND disabled_code IS NULL
           AND (lease_until IS NULL OR lease_until <= ${leaseNowSql('$4')})
         FOR UPDATE SKIP LOCKED)
       RETURNING ${FEED_COLUMNS}`,
      [id, tenant, token(), leaseNowParam(this.leaseClock, now), leaseMsParam(leaseMs)],
    );
    return rows[0] && toClaim(rows[0]);
  }

  async seenItemIds(feedId: number, itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length === 0 || !isRowId(feedId)) return new Set();
    const { rows } = await this.db.query<{ item_id: string }>(
      'feed seenItemIds',
      'SELECT item_id FROM feed_items WHERE feed_id = $1 AND item_id = ANY($2::text[])',
      [feedId, [...itemIds]],
    );
    return new Set(rows.map((r) => r.item_id));
  }

  async recordItem(claim: PollClaim, item: SeenItem, now: Date): Promise<boolean> {
    const result = await this.db.query(
      'feed recordItem',
      `INSERT INTO feed_items (feed_id, item_id, tenant, title, link, published_at, article_id, summary,
         announce_state, seen_at)
       SELECT $1::bigint, $2::text, tenant, $3::text, $4::text, $5::text, $6::bigint, $7::text, $8::text,
         $9::timestamptz
       FROM feeds WHERE id = $1 AND lease_token = $10
       ON CONFLICT (feed_id, item_id) DO NOTHING`,
      [
        claim.feed.id,
        item.itemId,
        item.title,
        item.link ?? null,
        item.publishedAt ?? null,
        item.articleId ?? null,
        item.summary ?? null,
        item.announce ? 'pending' : 'none',
        now,
        claim.token,
      ],
    );
    return result.rowCount === 1;
  }

  async finishPoll(claim: PollClaim, result: PollResult, now: Date): Promise<boolean> {
    if (result.ok) {
      const done = await this.db.query(
        'feed finishPoll',
        `UPDATE feeds SET
           etag = CASE WHEN $3 THEN $4 ELSE etag END,
           last_modified = CASE WHEN $3 THEN $5 ELSE last_modified END,
           body_hash = coalesce($6, body_hash), title = coalesce($7, title),
           failures = 0, last_error = NULL, next_poll_at = $8, last_polled_at = $9,
           baseline_at = coalesce(baseline_at, $9), lease_token = NULL, lease_until = NULL
         WHERE id = $1 AND lease_token = $2`,
        [
          claim.feed.id,
          claim.token,
          result.validators !== undefined,
          result.validators?.etag ?? null,
          result.validators?.lastModified ?? null,
          result.bodyHash ?? null,
          result.title ?? null,
          result.nextPollAt,
          now,
        ],
      );
      return done.rowCount === 1;
    }
    const failed = await this.db.query(
      'feed finishPoll',
      `UPDATE feeds SET failures = failures + 1, last_error = $3, next_poll_at = $4,
         disabled_code = CASE WHEN $5 THEN $6 ELSE NULL END, last_polled_at = $7,
         lease_token = NULL, lease_until = NULL
       WHERE id = $1 AND lease_token = $2`,
      [claim.feed.id, claim.token, result.message, result.retryAt, result.disable, result.code, now],
    );
    return failed.rowCount === 1;
  }

  async claimAnnouncement(
    tenant: TenantId,
    feedId: number,
    now: Date,
    leaseMs: number,
  ): Promise<AnnouncementClaim | undefined> {
    if (!isRowId(feedId)) return undefined;
    const leaseNow = leaseNowParam(this.leaseClock, now);
    const ms = leaseMsParam(leaseMs);
    return this.db.transaction('feed claimAnnouncement', async (client) => {
      // The feed's row lock serialises claimants of its batch (waiting, not skipping: a poll's
      // brief lease update on the row must not cost an announcement).
      const target = await client.query<{ announce_channel: string | null; announce_error: string | null }>(
        'SELECT announce_channel, announce_error FROM feeds WHERE id = $1 AND tenant = $2 FOR UPDATE',
        [feedId, tenant],
      );
      if (target.rows[0] === undefined) return undefined;
      const open = await client.query<AnnouncementRow>(
        `SELECT ${BATCH_COLUMNS} FROM feed_announcements
         WHERE feed_id = $1 AND tenant = $2 AND state = 'claimed' ORDER BY id LIMIT 1`,
        [feedId, tenant],
      );
      if (open.rows[0]) {
        // Someone holds it; or they vanished and the lease ran out, and this claimant takes over.
        const taken = await client.query(
          `UPDATE feed_announcements SET lease_until = ${leaseUntilSql('$2', '$3')}
           WHERE id = $1 AND state = 'claimed' AND lease_until <= ${leaseNowSql('$2')}`,
          [open.rows[0].id, leaseNow, ms],
        );
        if (taken.rowCount !== 1) return undefined;
        return batchClaim(client, open.rows[0], true);
      }
      const { announce_channel: channel, announce_error: error } = target.rows[0];
      if (!channel || error) return undefined;
      const pending = await client.query(
        `SELECT 1 FROM feed_items WHERE feed_id = $1 AND announce_state = 'pending' LIMIT 1`,
        [feedId],
      );
      if (pending.rowCount === 0) return undefined;
      const { rows } = await client.query<AnnouncementRow>(
        `INSERT INTO feed_announcements (tenant, feed_id, run_id, channel_id, state, lease_until, created_at)
         VALUES ($1, $2, $3, $4, 'claimed', ${leaseUntilSql('$5', '$6')}, $7)
         RETURNING ${BATCH_COLUMNS}`,
        [tenant, feedId, `feed-${randomBytes(8).toString('hex')}`, channel, leaseNow, ms, now],
      );
      const batch = rows[0]!;
      await client.query(
        `UPDATE feed_items SET announce_state = 'batched', batch_id = $1
         WHERE feed_id = $2 AND announce_state = 'pending'`,
        [batch.id, feedId],
      );
      return batchClaim(client, batch, false);
    });
  }

  async completeAnnouncement(claim: AnnouncementClaim, ref: PublishedRef): Promise<void> {
    await this.db.transaction('feed completeAnnouncement', async (client) => {
      await client.query(`UPDATE feed_announcements SET state = 'posted', message_id = $1 WHERE id = $2`, [
        ref.messageId,
        claim.id,
      ]);
      await client.query(`UPDATE feed_items SET announce_state = 'announced' WHERE batch_id = $1`, [
        claim.id,
      ]);
    });
  }

  async releaseAnnouncement(claim: AnnouncementClaim, permanentError?: string): Promise<void> {
    await this.db.transaction('feed releaseAnnouncement', async (client) => {
      await client.query(
        `UPDATE feed_items SET announce_state = 'pending', batch_id = NULL WHERE batch_id = $1`,
        [claim.id],
      );
      await client.query('DELETE FROM feed_announcements WHERE id = $1', [claim.id]);
      if (permanentError)
        await client.query('UPDATE feeds SET announce_error = $1 WHERE id = $2', [
          permanentError,
          claim.feedId,
        ]);
    });
  }
}

/** A lease token: unguessable, so only the claimant's writes match it. */
function token(): string {
  return randomBytes(12).toString('hex');
}

async function batchClaim(
  client: PgQueryable,
  row: AnnouncementRow,
  resumed: boolean,
): Promise<AnnouncementClaim> {
  const { rows } = await client.query<ItemRow>(
    `SELECT item_id, title, link, article_id::float8 AS article_id, summary FROM feed_items WHERE batch_id = $1
     ORDER BY published_at IS NULL, published_at DESC, seen_at DESC, item_id`,
    [row.id],
  );
  const items: AnnouncedItem[] = rows.map((r) => ({
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
    createdAt: row.created_at,
    resumed,
  };
}

function toClaim(row: PgFeedRow): PollClaim {
  return { feed: toFeed(row), token: row.lease_token!, leaseUntil: row.lease_until! };
}
