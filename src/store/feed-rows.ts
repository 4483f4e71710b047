import type { FeedDisabledCode, FeedRecord } from './feed-store.ts';

/**
 * A feeds row as either engine returns it: SQLite gives instants as ISO text, PostgreSQL as Date
 * (timestamptz); both map to the same FeedRecord here, so the two stores cannot drift apart.
 */
export interface FeedRow {
  id: number;
  tenant: string;
  url: string;
  title: string | null;
  topic: string | null;
  announce_channel: string | null;
  interval_minutes: number;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  failures: number;
  last_error: string | null;
  disabled_code: string | null;
  announce_error: string | null;
  next_poll_at: string | Date;
  last_polled_at: string | Date | null;
  baseline_at: string | Date | null;
  created_at: string | Date;
  item_count: number;
}

const instant = (v: string | Date) => (v instanceof Date ? v : new Date(v));

export function toFeed(row: FeedRow): FeedRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    url: row.url,
    title: row.title ?? undefined,
    topic: row.topic ?? undefined,
    announceChannelId: row.announce_channel ?? undefined,
    intervalMinutes: row.interval_minutes,
    etag: row.etag ?? undefined,
    lastModified: row.last_modified ?? undefined,
    bodyHash: row.body_hash ?? undefined,
    failures: row.failures,
    lastError: row.last_error ?? undefined,
    disabledCode: (row.disabled_code as FeedDisabledCode | null) ?? undefined,
    announceError: row.announce_error ?? undefined,
    nextPollAt: instant(row.next_poll_at),
    lastPolledAt: row.last_polled_at ? instant(row.last_polled_at) : undefined,
    baselineAt: row.baseline_at ? instant(row.baseline_at) : undefined,
    createdAt: instant(row.created_at),
    itemCount: row.item_count,
  };
}
