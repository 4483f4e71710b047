/**
 * How the fake Discord treats posts into channels: permission and payload refusals, injected
 * server errors, `nonce` + `enforce_nonce` de-duplication, and reading a channel's history. Kept
 * apart from the fake's routing so each rule reads on its own. Facts it follows:
 * /work/shared/notes/digests-and-feeds.md ("Posting exactly once to Discord").
 */
import type { JsonObject, JsonValue } from './fake-objects.ts';

/** A refusal the fake answers a channel post with. */
export type PostRefusal =
  | 'missing-access'
  | 'missing-permissions'
  | 'invalid-form'
  | 'server-error'
  | 'rate-limited';

const REFUSALS: Record<PostRefusal, [number, JsonObject]> = {
  'missing-access': [403, { message: 'Missing Access', code: 50001 }],
  'missing-permissions': [403, { message: 'Missing Permissions', code: 50013 }],
  'invalid-form': [400, { message: 'Invalid Form Body', code: 50035, errors: {} }],
  'server-error': [500, { message: '500: Internal Server Error', code: 0 }],
  'rate-limited': [429, { message: 'You are being rate limited.', retry_after: 0.01, global: false }],
};

/** Discord's epoch, for reading a snowflake's timestamp. */
const DISCORD_EPOCH = 1_420_070_400_000n;

export class ChannelRules {
  /** Refusals per channel: `always` for every post, or a queue consumed one post at a time. */
  private readonly always = new Map<string, PostRefusal>();
  private readonly queued = new Map<string, PostRefusal[]>();
  private readonly noHistory = new Set<string>();
  /** nonce → [message id, performance.now() when first seen], per channel. */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(
    /** How long Discord remembers a nonce ("a few minutes"). */
    private readonly nonceWindowMs = 5 * 60_000,
  ) {}

  refuseAlways(channelId: string, refusal: PostRefusal): void {
    this.always.set(channelId, refusal);
  }

  refuseNext(channelId: string, ...refusals: PostRefusal[]): void {
    this.queued.set(channelId, [...(this.queued.get(channelId) ?? []), ...refusals]);
  }

  allow(channelId: string): void {
    this.always.delete(channelId);
    this.queued.delete(channelId);
    this.noHistory.delete(channelId);
  }

  /** Reading history without Read Message History returns no messages, as on Discord. */
  hideHistory(channelId: string): void {
    this.noHistory.add(channelId);
  }

  /** Forgets every nonce, as Discord does after its window. */
  expireNonces(): void {
    this.nonces.clear();
  }

  /** The refusal for the next post into a channel, if any. */
  refusal(channelId: string): [number, JsonObject] | undefined {
    const queue = this.queued.get(channelId);
    const next = queue?.shift() ?? this.always.get(channelId);
    return next ? REFUSALS[next] : undefined;
  }

  /** The message an `enforce_nonce` post repeats, if its nonce was seen in the window. */
  repeatOf(channelId: string, body: JsonObject | undefined, now: number): string | undefined {
    const nonce = body?.nonce;
    if (body?.enforce_nonce !== true || (typeof nonce !== 'string' && typeof nonce !== 'number'))
      return undefined;
    const seen = this.nonces.get(`${channelId}:${nonce}`);
    return seen && now - seen.at <= this.nonceWindowMs ? seen.messageId : undefined;
  }

  rememberNonce(channelId: string, body: JsonObject | undefined, messageId: string, now: number): void {
    const nonce = body?.nonce;
    if (body?.enforce_nonce !== true || nonce === undefined || nonce === null) return;
    this.nonces.set(`${channelId}:${String(nonce)}`, { messageId, at: now });
  }

  /**
   * `GET /channels/:id/messages?after=&limit=`: the channel's messages created after the snowflake's
   * time, newest first, at most `limit` (≤ 100); none without history access.
   */
  history(channelId: string, messages: Iterable<JsonObject>, query: URLSearchParams): JsonValue[] {
    if (this.noHistory.has(channelId)) return [];
    const after = query.get('after');
    const since = after ? Number((BigInt(after) >> 22n) + DISCORD_EPOCH) : 0;
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
    return [...messages]
      .filter((m) => m.channel_id === channelId && Date.parse(String(m.timestamp)) > since)
      .sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp)))
      .slice(0, limit);
  }
}
