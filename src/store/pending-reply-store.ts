import type { TenantId } from '../core/types.ts';

/**
 * Discord accepts edits of an interaction's response for 15 minutes after the interaction; after
 * that its token is dead, so a pending reply older than this can never be finished.
 */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;

/**
 * How many processes may hold one pending reply in turn (the one that received it counts): a
 * command that kills every process that runs it is given up instead of killing one per lease.
 */
export const MAX_REPLY_ATTEMPTS = 3;

/** A file option, downloaded again by whoever re-runs the command (Discord's URL outlives the token). */
export interface PendingAttachment {
  name: string;
  size: number;
  url: string;
}

/** What re-runs the command: its name and the options as the transport read them (plain JSON). */
export interface PendingCommand {
  /** How it was asked: a slash command (the default), or the follow-up modal (a hidden command). */
  trigger?: 'slash' | 'modal' | undefined;
  name: string;
  subcommand?: string | undefined;
  /** The title the transport puts on a successful reply (the modal's "Q: …"). */
  replyTitle?: string | undefined;
  /** Strings, integers and channel references ({ id }). */
  options: Record<string, string | number | { id: string }>;
  attachments: Record<string, PendingAttachment>;
}

/** A deferred interaction whose response is not yet edited into its final reply. */
export interface PendingReplyInput {
  tenant: TenantId;
  interactionId: string;
  applicationId: string;
  /** The interaction's webhook token: a credential for 15 minutes. Never log it. */
  token: string;
  command: PendingCommand;
  userId: string;
  channelId: string;
  /** The conversation the command continues (a thread's id, else `channel:<id>`). */
  conversationId: string;
  /** Whether the member could manage the server when asking (preconditions are checked again). */
  canManage: boolean;
  /** When the interaction arrived: its token dies INTERACTION_TOKEN_LIFETIME_MS later. */
  receivedAt: Date;
}

export interface PendingReply extends PendingReplyInput {
  /** 1 for the process that received it, then one more per takeover: fences renewals. */
  attempt: number;
  /** When the holder's lease ends, on the store's lease clock. */
  leaseUntil: Date;
}

/**
 * Replies in progress, so that any process can finish one whose process died: the receiver
 * records it after deferring and renews its lease while working; a process whose scheduler finds
 * the lease run out claims it (one claimer per row, across processes) and re-runs the command.
 * Leases run on the store's lease clock (PostgreSQL: the database's now()). `claimStale` is the
 * only operation across tenants (the scheduler's); every other one takes the tenant.
 */
export interface PendingReplyStore {
  /** Records a reply in progress, held by the caller for `leaseMs`; recording it again is a no-op. */
  record(input: PendingReplyInput, leaseMs: number, now: Date): Promise<PendingReply>;
  /** Extends the lease; false when the row is gone or another process took it over. */
  renew(
    tenant: TenantId,
    interactionId: string,
    attempt: number,
    leaseMs: number,
    now: Date,
  ): Promise<boolean>;
  /**
   * Drops replies whose token has died (or that used up MAX_REPLY_ATTEMPTS), then claims at most
   * `limit` of those whose lease ran out, each with a new lease of `leaseMs` and the next attempt.
   */
  claimStale(now: Date, limit: number, leaseMs: number): Promise<PendingReply[]>;
  /** Forgets a reply (its final edit landed, or it can no longer be sent). */
  remove(tenant: TenantId, interactionId: string): Promise<boolean>;
  /** The tenant's replies in progress, oldest first. */
  list(tenant: TenantId): Promise<PendingReply[]>;
}

/** The instant before which an interaction's token is dead. */
export function tokenDeadBefore(now: Date): Date {
  return new Date(now.getTime() - INTERACTION_TOKEN_LIFETIME_MS);
}
