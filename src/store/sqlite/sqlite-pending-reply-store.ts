import type Database from 'better-sqlite3';
import type { TenantId } from '../../core/types.ts';
import { type PendingReplyRow, toPendingReply } from '../pending-reply-rows.ts';
import {
  MAX_REPLY_ATTEMPTS,
  type PendingReply,
  type PendingReplyInput,
  type PendingReplyStore,
  tokenDeadBefore,
} from '../pending-reply-store.ts';

const COLUMNS = `interaction_id, tenant, application_id, token, command_json, user_id, channel_id, conversation_id,
  can_manage, received_at, lease_until, attempt`;

/**
 * Pending replies in the article store's SQLite file. A claim is a conditional UPDATE
 * (`lease_until <= now`) inside an IMMEDIATE transaction, so of two processes on one file exactly
 * one takes a row; the other's UPDATE matches nothing. Leases are on the caller's clock.
 */
export class SqlitePendingReplyStore implements PendingReplyStore {
  private readonly s: ReturnType<typeof prepare>;
  private readonly claimTx: (now: string, limit: number, until: string) => PendingReply[];

  constructor(db: Database.Database) {
    this.s = prepare(db);
    const claim = db.transaction((now: string, limit: number, until: string) => {
      this.s.dropDead.run({
        deadBefore: tokenDeadBefore(new Date(now)).toISOString(),
        now,
        max: MAX_REPLY_ATTEMPTS,
      });
      const claimed: PendingReply[] = [];
      for (const { interaction_id } of this.s.staleIds.all(now, limit)) {
        const row = this.s.take.get({ id: interaction_id, now, until });
        if (row) claimed.push(toPendingReply(row));
      }
      return claimed;
    });
    this.claimTx = (now, limit, until) => claim.immediate(now, limit, until);
  }

  async record(input: PendingReplyInput, leaseMs: number, now: Date): Promise<PendingReply> {
    this.s.insert.run({
      id: input.interactionId,
      tenant: input.tenant,
      app: input.applicationId,
      token: input.token,
      command: JSON.stringify(input.command),
      user: input.userId,
      channel: input.channelId,
      conversation: input.conversationId,
      manage: input.canManage ? 1 : 0,
      received: input.receivedAt.toISOString(),
      until: leaseUntil(now, leaseMs),
    });
    return toPendingReply(this.s.get.get(input.tenant, input.interactionId)!);
  }

  async renew(
    tenant: TenantId,
    interactionId: string,
    attempt: number,
    leaseMs: number,
    now: Date,
  ): Promise<boolean> {
    return this.s.renew.run(leaseUntil(now, leaseMs), tenant, interactionId, attempt).changes === 1;
  }

  async claimStale(now: Date, limit: number, leaseMs: number): Promise<PendingReply[]> {
    const bounded = Math.min(1_000, Math.max(1, Math.floor(limit)));
    return this.claimTx(now.toISOString(), bounded, leaseUntil(now, leaseMs));
  }

  async remove(tenant: TenantId, interactionId: string): Promise<boolean> {
    return this.s.remove.run(tenant, interactionId).changes === 1;
  }

  async list(tenant: TenantId): Promise<PendingReply[]> {
    return this.s.list.all(tenant).map(toPendingReply);
  }
}

function leaseUntil(now: Date, leaseMs: number): string {
  const ms = Number.isFinite(leaseMs) ? Math.max(0, Math.floor(leaseMs)) : 0;
  return new Date(now.getTime() + ms).toISOString();
}

function prepare(db: Database.Database) {
  return {
    // A second record of the same interaction (a retried handler) keeps the first row and its lease.
    insert: db.prepare(
      `INSERT INTO pending_replies (interaction_id, tenant, application_id, token, command_json, user_id, channel_id,
         conversation_id, can_manage, received_at, lease_until, attempt)
       VALUES (@id, @tenant, @app, @token, @command, @user, @channel, @conversation, @manage, @received, @until, 1)
       ON CONFLICT (interaction_id) DO NOTHING`,
    ),
    get: db.prepare<[string, string], PendingReplyRow>(
      `SELECT ${COLUMNS} FROM pending_replies WHERE tenant = ? AND interaction_id = ?`,
    ),
    renew: db.prepare<[string, string, string, number]>(
      'UPDATE pending_replies SET lease_until = ? WHERE tenant = ? AND interaction_id = ? AND attempt = ?',
    ),
    // Dead tokens, and rows every allowed process has held and let lapse: nobody can or should finish them.
    dropDead: db.prepare(
      `DELETE FROM pending_replies
       WHERE received_at <= @deadBefore OR (attempt >= @max AND lease_until <= @now)`,
    ),
    staleIds: db.prepare<[string, number], { interaction_id: string }>(
      'SELECT interaction_id FROM pending_replies WHERE lease_until <= ? ORDER BY lease_until LIMIT ?',
    ),
    take: db.prepare<{ id: string; now: string; until: string }, PendingReplyRow>(
      `UPDATE pending_replies SET lease_until = @until, attempt = attempt + 1
       WHERE interaction_id = @id AND lease_until <= @now
       RETURNING ${COLUMNS}`,
    ),
    remove: db.prepare<[string, string]>(
      'DELETE FROM pending_replies WHERE tenant = ? AND interaction_id = ?',
    ),
    list: db.prepare<[string], PendingReplyRow>(
      `SELECT ${COLUMNS} FROM pending_replies WHERE tenant = ? ORDER BY received_at, interaction_id`,
    ),
  };
}
