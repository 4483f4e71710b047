import type { PendingCommand, PendingReply } from './pending-reply-store.ts';

/** A pending_replies row as both engines read it (instants as ISO text on SQLite, Date on PostgreSQL). */
export interface PendingReplyRow {
  interaction_id: string;
  tenant: string;
  application_id: string;
  token: string;
  command_json: string | PendingCommand;
  user_id: string;
  channel_id: string;
  conversation_id: string;
  can_manage: number | boolean;
  received_at: string | Date;
  lease_until: string | Date;
  attempt: number;
}

/** One row to the port's shape; both engines map through here, so they cannot drift apart. */
export function toPendingReply(row: PendingReplyRow): PendingReply {
  const command = typeof row.command_json === 'string' ? JSON.parse(row.command_json) : row.command_json;
  return {
    tenant: row.tenant,
    interactionId: row.interaction_id,
    applicationId: row.application_id,
    token: row.token,
    command: command as PendingCommand,
    userId: row.user_id,
    channelId: row.channel_id,
    conversationId: row.conversation_id,
    canManage: row.can_manage === true || row.can_manage === 1,
    receivedAt: new Date(row.received_at),
    attempt: Number(row.attempt),
    leaseUntil: new Date(row.lease_until),
  };
}
