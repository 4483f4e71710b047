import type { TenantId } from '../../core/types.ts';
import { type PendingReplyRow, toPendingReply } from '../pending-reply-rows.ts';
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  MAX_REPLY_ATTEMPTS,
  type PendingReply,
  type PendingReplyInput,
  type PendingReplyStore,
} from '../pending-reply-store.ts';
import type { PgDatabase } from './pg-database.ts';
import {
  type LeaseClock,
  leaseMsParam,
  leaseNowParam,
  leaseNowSql,
  leaseUntilSql,
} from './pg-lease-clock.ts';

const COLUMNS = `interaction_id, tenant, application_id, token, command_json, user_id, channel_id, conversation_id,
  can_manage, received_at, lease_until, attempt`;

/**
 * Pending replies on PostgreSQL, for several bot processes. Stale rows are claimed with
 * `FOR UPDATE SKIP LOCKED`: two claimers at once split the rows instead of queueing on them, and a
 * row is taken by exactly one. Leases and the token's 15 minutes are measured on the lease clock
 * (the database's now() in production), so a process whose clock runs fast takes nothing early.
 */
export class PgPendingReplyStore implements PendingReplyStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly leaseClock: LeaseClock = 'database',
  ) {}

  async record(input: PendingReplyInput, leaseMs: number, now: Date): Promise<PendingReply> {
    // A second record of the same interaction (a retried handler) keeps the first row and its lease.
    const { rows } = await this.db.query<PendingReplyRow>(
      'pending reply record',
      `WITH added AS (
         INSERT INTO pending_replies (interaction_id, tenant, application_id, token, command_json, user_id,
           channel_id, conversation_id, can_manage, received_at, lease_until, attempt)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, ${leaseUntilSql('$11', '$12')}, 1)
         ON CONFLICT (interaction_id) DO NOTHING
         RETURNING ${COLUMNS}
       )
       SELECT * FROM added
       UNION ALL
       SELECT ${COLUMNS} FROM pending_replies WHERE interaction_id = $1 AND tenant = $2
         AND NOT EXISTS (SELECT 1 FROM added)`,
      [
        input.interactionId,
        input.tenant,
        input.applicationId,
        input.token,
        JSON.stringify(input.command),
        input.userId,
        input.channelId,
        input.conversationId,
        input.canManage,
        input.receivedAt,
        leaseNowParam(this.leaseClock, now),
        leaseMsParam(leaseMs),
      ],
    );
    return toPendingReply(rows[0]!);
  }

  async renew(
    tenant: TenantId,
    interactionId: string,
    attempt: number,
    leaseMs: number,
    now: Date,
  ): Promise<boolean> {
    const result = await this.db.query(
      'pending reply renew',
      `UPDATE pending_replies SET lease_until = ${leaseUntilSql('$4', '$5')}
       WHERE tenant = $1 AND interaction_id = $2 AND attempt = $3`,
      [tenant, interactionId, attempt, leaseNowParam(this.leaseClock, now), leaseMsParam(leaseMs)],
    );
    return result.rowCount === 1;
  }

  async claimStale(now: Date, limit: number, leaseMs: number): Promise<PendingReply[]> {
    const bounded = Math.min(1_000, Math.max(1, Math.floor(limit)));
    const leaseNow = leaseNowParam(this.leaseClock, now);
    return this.db.transaction('pending reply claimStale', async (client) => {
      // Dead tokens, and rows every allowed process has held and let lapse: nobody can or should finish them.
      await client.query(
        `DELETE FROM pending_replies
         WHERE received_at <= ${leaseNowSql('$1')} - $2::float8 * interval '1 millisecond'
            OR (attempt >= $3 AND lease_until <= ${leaseNowSql('$1')})`,
        [leaseNow, INTERACTION_TOKEN_LIFETIME_MS, MAX_REPLY_ATTEMPTS],
      );
      const { rows } = await client.query<PendingReplyRow>(
        `WITH stale AS (
           SELECT interaction_id FROM pending_replies
           WHERE lease_until <= ${leaseNowSql('$1')}
           ORDER BY lease_until LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE pending_replies p SET lease_until = ${leaseUntilSql('$1', '$3')}, attempt = p.attempt + 1
         FROM stale WHERE p.interaction_id = stale.interaction_id
         RETURNING ${COLUMNS.replace(/(\w+)/g, 'p.$1')}`,
        [leaseNow, bounded, leaseMsParam(leaseMs)],
      );
      return rows.map(toPendingReply);
    });
  }

  async remove(tenant: TenantId, interactionId: string): Promise<boolean> {
    const result = await this.db.query(
      'pending reply remove',
      'DELETE FROM pending_replies WHERE tenant = $1 AND interaction_id = $2',
      [tenant, interactionId],
    );
    return result.rowCount === 1;
  }

  async list(tenant: TenantId): Promise<PendingReply[]> {
    const { rows } = await this.db.query<PendingReplyRow>(
      'pending reply list',
      `SELECT ${COLUMNS} FROM pending_replies WHERE tenant = $1 ORDER BY received_at, interaction_id`,
      [tenant],
    );
    return rows.map(toPendingReply);
  }
}
