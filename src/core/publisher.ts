import type { Reply } from '../commands/reply.ts';
import type { TenantId } from './types.ts';

/** The terminal's one channel: where the shell's `channel` options point and its digests post. */
export const TERMINAL_CHANNEL_ID = 'terminal';

/** Where an outbound post goes: a channel of a tenant (the terminal is the shell tenant's one channel). */
export interface Destination {
  tenant: TenantId;
  channelId: string;
}

/** What kind of post this is, so the transport adds the matching buttons and anchoring. */
export type PostKind = 'digest' | 'announcement' | 'briefing';

export interface PublishOptions {
  kind: PostKind;
  /**
   * Stable id of this post's run (≤ 25 characters). Discord uses it as the message nonce with
   * `enforce_nonce`, and as the marker (`<kind>:<runId>`) to recognise its own post after a crash.
   */
  runId?: string | undefined;
  /** Open a thread on the post for follow-up questions, when the transport has threads. */
  thread?: { name: string } | undefined;
  /** Conversation to continue in that thread (the post's articles and actors), saved by the caller. */
  conversationId?: string | undefined;
}

/** A post as it landed: enough to find it again (and to key its conversation). */
export interface PublishedRef {
  channelId: string;
  messageId: string;
  threadId?: string | undefined;
}

/** Why a post cannot land; permanent codes disable what posts there until a person fixes it. */
export type PublishFailureCode =
  | 'CHANNEL_GONE'
  | 'MISSING_PERMISSIONS'
  | 'BAD_FORMAT'
  /** Rate limits, 5xx, network: worth retrying later. */
  | 'TRANSIENT';

export type PublishOutcome =
  | { ok: true; ref: PublishedRef }
  | { ok: false; code: PublishFailureCode; message: string };

/** What a transport can say about an earlier post it may have made. */
export type FindPostOutcome =
  | { found: true; ref: PublishedRef }
  | { found: false }
  /** The transport cannot look (no history access): whether it landed is unknown. */
  | { found: 'unknown' };

/**
 * The outbound port: posting without an incoming interaction (digests, feed announcements).
 * Discord's implementation owns channel messages, threads, buttons and the nonce; the shell's
 * writes to the terminal. A recording double lives beside it in tests.
 */
export interface Publisher {
  /** Posts a reply into a destination; never throws for Discord-side refusals (they are codes). */
  publish(destination: Destination, reply: Reply, options: PublishOptions): Promise<PublishOutcome>;
  /** Looks for this run's own post in the destination since `after` and completes it (its thread) if cut short (crash recovery). */
  findPost(destination: Destination, options: PublishOptions, after: Date): Promise<FindPostOutcome>;
  /** Whether posts could land there now: the destination exists and the bot has what it needs. */
  checkAccess(destination: Destination): Promise<AccessOutcome>;
}

export type AccessOutcome =
  | { ok: true }
  /** `missing` names the permissions the bot lacks there, in the words the platform uses. */
  | { ok: false; code: 'CHANNEL_GONE' | 'MISSING_PERMISSIONS'; missing: string[] };

/** A post as the recording double keeps it. */
export interface RecordedPost {
  destination: Destination;
  reply: Reply;
  options: PublishOptions;
  ref: PublishedRef;
}

/**
 * The test double: records every post, can be told to refuse or to lose track of posts, and finds
 * its own posts like a platform with readable history.
 */
export class RecordingPublisher implements Publisher {
  readonly posts: RecordedPost[] = [];
  /** The next publish calls fail with these outcomes, in order. */
  readonly failures: Extract<PublishOutcome, { ok: false }>[] = [];
  /** What findPost answers when it finds nothing: false, or 'unknown' for a channel without history access. */
  historyReadable = true;
  access: AccessOutcome = { ok: true };
  private nextId = 1;

  /** The next publish calls fail with these outcomes, in order. */
  failNext(...outcomes: Extract<PublishOutcome, { ok: false }>[]): void {
    this.failures.push(...outcomes);
  }

  async publish(destination: Destination, reply: Reply, options: PublishOptions): Promise<PublishOutcome> {
    const failure = this.failures.shift();
    if (failure) return failure;
    const id = String(this.nextId++);
    const ref: PublishedRef = {
      channelId: destination.channelId,
      messageId: `m${id}`,
      threadId: options.thread ? `m${id}` : undefined,
    };
    this.posts.push({ destination, reply, options, ref });
    return { ok: true, ref };
  }

  async findPost(destination: Destination, options: PublishOptions): Promise<FindPostOutcome> {
    const post = this.posts.find(
      (p) =>
        p.destination.tenant === destination.tenant &&
        p.destination.channelId === destination.channelId &&
        options.runId !== undefined &&
        p.options.runId === options.runId,
    );
    if (post) return { found: true, ref: post.ref };
    return this.historyReadable ? { found: false } : { found: 'unknown' };
  }

  async checkAccess(): Promise<AccessOutcome> {
    return this.access;
  }
}
