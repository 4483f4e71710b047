import { type Channel, PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { Services } from '../../briefing/services.ts';
import type { Dispatcher } from '../../commands/dispatcher.ts';
import type { Caller } from '../../commands/preconditions.ts';
import type { Fetcher } from '../../core/fetcher.ts';
import type { ReplyLeases } from './reply-lease.ts';
import type { SuggestionCache } from './suggestion-cache.ts';
import type { WorkQueue } from './work-queue.ts';

/** Nobody is pinged by the bot, ever: set on the client and on every send, reply, edit and follow-up. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

/** The same rule in the API's own JSON, for raw REST posts. */
export const NO_MENTIONS_API = { parse: [], replied_user: false } as const;

/** What every handler needs; one per running bot. */
export interface BotDeps {
  services: Services;
  /** Resolves, checks and runs every command, whatever triggered it. */
  dispatcher: Dispatcher;
  /** Where engine work waits, so acknowledgements go first. */
  work: WorkQueue;
  /** Least milliseconds between two preview edits of a streaming answer. */
  streamIntervalMs: number;
  /** Hosts attachments may be downloaded from (Discord's CDN, plus the configured API host). */
  attachmentHosts: ReadonlySet<string>;
  /** The guarded fetcher attachments are downloaded through. */
  attachmentFetcher: Fetcher;
  /** Per-server actor and article lists for autocomplete (short TTL, bounded). */
  suggestions: SuggestionCache;
  /** Users already told the bot does not work in DMs (bounded). */
  refusedDms: Set<string>;
  /** Deferred replies recorded and leased while they run, so another process can finish them. */
  replyLeases?: ReplyLeases | undefined;
}

/** The conversation a channel continues: a thread's own id, else `channel:<id>`. */
export function conversationIdFor(channel: Channel | null, channelId: string): string {
  return channel?.isThread() ? channel.id : `channel:${channelId}`;
}

/** Manage Server is what lets a member change the server's articles. */
export function canManage(permissions: Readonly<PermissionsBitField> | null): boolean {
  return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/** What an interaction knows about who is asking and where (no tenant in a DM). */
interface InteractionLike {
  guildId: string | null;
  user: { id: string };
  channel: Channel | null;
  channelId: string | null;
  memberPermissions: Readonly<PermissionsBitField> | null;
}

/** The caller of an interaction: tenant from the guild only, conversation from the channel or thread. */
export function callerOf(interaction: InteractionLike, conversationId?: string): Caller {
  return {
    tenant: interaction.guildId ?? undefined,
    userId: interaction.user.id,
    conversationId: conversationId ?? conversationIdFor(interaction.channel, interaction.channelId ?? ''),
    canManage: canManage(interaction.memberPermissions),
  };
}

/**
 * Error fields safe to log: Discord errors' URLs carry interaction tokens, so those are masked
 * wherever they may appear: the message, the URL, and the stack (which repeats the message).
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const fields: Record<string, unknown> = {
    name: error.name,
    message: maskTokens(error.message),
    stack: error.stack === undefined ? undefined : maskTokens(error.stack),
  };
  for (const key of ['code', 'status', 'method'] as const) {
    if (key in error) fields[key] = (error as unknown as Record<string, unknown>)[key];
  }
  if ('url' in error && typeof error.url === 'string') fields.url = maskTokens(error.url);
  return { err: fields };
}

function maskTokens(text: string): string {
  return text
    .replace(/(\/(?:webhooks\/\d+|interactions\/\d+)\/)[\w.-]{20,}/g, '$1[token]')
    .replace(/[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}/g, '[token]');
}
