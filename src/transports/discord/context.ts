import { type Channel, PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { Services } from '../../briefing/services.ts';
import type { CommandContext } from '../../commands/command.ts';
import type { Fetcher } from '../../core/fetcher.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SuggestionCache } from './suggestion-cache.ts';
import type { WorkQueue } from './work-queue.ts';

/** Nobody is pinged by the bot, ever: set on the client and on every send, reply, edit and follow-up. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

/** What every handler needs; one per running bot. */
export interface BotDeps {
  services: Services;
  limiter: RateLimiter;
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
}

/** The conversation a channel continues: a thread's own id, else `channel:<id>`. */
export function conversationIdFor(channel: Channel | null, channelId: string): string {
  return channel?.isThread() ? channel.id : `channel:${channelId}`;
}

/** Manage Server is what lets a member change the server's articles. */
export function canManage(permissions: Readonly<PermissionsBitField> | null): boolean {
  return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/** The command context for a member in a guild. */
export function commandContext(
  deps: BotDeps,
  input: { guildId: string; userId: string; conversationId: string; canManage: boolean; services?: Services },
): CommandContext {
  return {
    tenant: input.guildId,
    userId: input.userId,
    conversationId: input.conversationId,
    canManage: input.canManage,
    services: input.services ?? deps.services,
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
