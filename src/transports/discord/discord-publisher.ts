import {
  type Client,
  type ClientUser,
  DiscordAPIError,
  type GuildBasedChannel,
  PermissionFlagsBits,
  type PermissionsBitField,
  RESTJSONErrorCodes,
  Routes,
  SnowflakeUtil,
} from 'discord.js';
import type { Reply } from '../../commands/reply.ts';
import type {
  AccessOutcome,
  Destination,
  FindPostOutcome,
  Publisher,
  PublishFailureCode,
  PublishOptions,
  PublishOutcome,
} from '../../core/publisher.ts';
import { BRIEF_IDS, followUpButtons, markerButton } from './brief-followups.ts';
import { NO_MENTIONS_API } from './context.ts';
import { pageBody } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { renderReply } from './render-discord.ts';
import { fetchChannelAccess } from './rest-permissions.ts';
import { truncateAtWord } from './split-message.ts';

/** What a post needs in its channel, with the names Discord shows for them. */
const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
] as const;

/** Discord keeps at most this many characters of a nonce. */
const NONCE_MAX = 25;

/**
 * Posts into Discord channels without an interaction (digests, announcements) through the bot's
 * REST client. A run's post carries a nonce derived from its run id with `enforce_nonce`, so a
 * repeat within Discord's window returns the first message instead of posting twice; its Sources
 * button's custom id (`digest:<run id>`) is the marker `findPost` recognises after a crash.
 */
export class DiscordPublisher implements Publisher {
  constructor(private readonly client: Client) {}

  async publish(destination: Destination, reply: Reply, options: PublishOptions): Promise<PublishOutcome> {
    const pages = renderReply(reply);
    // Every run's post carries its marker, with or without a conversation to follow up.
    const components = reply.conversation
      ? followUpButtons(markerOf(options))
      : options.runId
        ? markerButton(markerOf(options))
        : [];
    let first: { id: string } | undefined;
    try {
      for (const [i, page] of pages.entries()) {
        const nonce = options.runId ? `${options.runId}.${i}`.slice(0, NONCE_MAX) : undefined;
        const message = (await this.client.rest.post(Routes.channelMessages(destination.channelId), {
          body: {
            ...pageBody(page),
            ...(i === 0 ? { components: components.map(toApiRow) } : {}),
            allowed_mentions: NO_MENTIONS_API,
            ...(nonce ? { nonce, enforce_nonce: true } : {}),
          },
        })) as { id: string };
        first ??= message;
      }
    } catch (error) {
      // A page after the first that fails leaves a partial post; it is still the post of record.
      if (!first) return failure(error);
    }
    if (!first) return { ok: false, code: 'BAD_FORMAT', message: 'nothing to post' };
    const threadId = options.thread
      ? await this.startThread(destination.channelId, first.id, options.thread.name)
      : undefined;
    return { ok: true, ref: { channelId: destination.channelId, messageId: first.id, threadId } };
  }

  async findPost(destination: Destination, options: PublishOptions, after: Date): Promise<FindPostOutcome> {
    const marker = markerOf(options);
    const me = this.client.user;
    const access = me ? await this.accessOf(destination, me) : undefined;
    // Without Read Message History Discord answers with no messages: absence would prove nothing.
    if (!me || !access?.permissions.has(PermissionFlagsBits.ReadMessageHistory)) {
      return { found: 'unknown' };
    }
    try {
      const since = SnowflakeUtil.generate({ timestamp: after.getTime() - 1000 }).toString();
      const messages = (await this.client.rest.get(Routes.channelMessages(destination.channelId), {
        query: new URLSearchParams({ after: since, limit: '100' }),
      })) as {
        id: string;
        author?: { id: string };
        components?: { components?: { custom_id?: string }[] }[];
        thread?: { id: string };
      }[];
      const buttons = (m: (typeof messages)[number]) =>
        (m.components ?? []).flatMap((row) => (row.components ?? []).map((c) => c.custom_id));
      const own = messages.find((m) => m.author?.id === me.id && buttons(m).includes(marker));
      if (!own) return { found: false };
      // A crash between the post and its thread leaves a conversation without one: start it now.
      let threadId = own.thread?.id;
      if (!threadId && options.thread && !access.isThread && buttons(own).includes(BRIEF_IDS.ask)) {
        threadId = await this.startThread(destination.channelId, own.id, options.thread.name);
      }
      return { found: true, ref: { channelId: destination.channelId, messageId: own.id, threadId } };
    } catch {
      return { found: 'unknown' };
    }
  }

  async checkAccess(destination: Destination): Promise<AccessOutcome> {
    let channel = this.guildChannel(destination.channelId);
    if (!channel) {
      try {
        const fetched = await this.client.channels.fetch(destination.channelId);
        channel = fetched && 'guildId' in fetched ? (fetched as GuildBasedChannel) : undefined;
      } catch {
        channel = undefined;
      }
    }
    if (!channel || channel.guildId !== destination.tenant)
      return { ok: false, code: 'CHANNEL_GONE', missing: [] };
    const me = this.client.user;
    const permissions = me ? channel.permissionsFor(me) : null;
    const missing = NEEDED.filter(([bit]) => !permissions?.has(bit)).map(([, name]) => name);
    return missing.length === 0 ? { ok: true } : { ok: false, code: 'MISSING_PERMISSIONS', missing };
  }

  /**
   * The bot's permissions in the destination: from the cache when this process has the channel's
   * server, else over REST (a dead shard's claim recovered by another shard). Undefined when
   * neither can tell, or the channel is not the tenant's.
   */
  private async accessOf(
    destination: Destination,
    me: ClientUser,
  ): Promise<{ isThread: boolean; permissions: Readonly<PermissionsBitField> } | undefined> {
    const channel = this.guildChannel(destination.channelId);
    if (channel) {
      const permissions = channel.permissionsFor(me);
      return permissions ? { isThread: channel.isThread(), permissions } : undefined;
    }
    const fetched = await fetchChannelAccess(this.client.rest, destination.channelId, me.id);
    return fetched?.guildId === destination.tenant ? fetched : undefined;
  }

  private guildChannel(id: string): GuildBasedChannel | undefined {
    const channel = this.client.channels.cache.get(id);
    return channel && 'guildId' in channel ? (channel as GuildBasedChannel) : undefined;
  }

  private async startThread(channelId: string, messageId: string, name: string): Promise<string | undefined> {
    try {
      const thread = (await this.client.rest.post(Routes.threads(channelId, messageId), {
        body: { name: truncateAtWord(discordText.threadName(name), 100), auto_archive_duration: 1440 },
      })) as { id: string };
      return thread.id;
    } catch {
      // Without Create Public Threads the post stands alone; follow-ups still work by reply.
      return undefined;
    }
  }
}

/** The custom id of a post's Sources button: its run's marker, or the briefing one. */
function markerOf(options: PublishOptions): string {
  return options.runId ? `${BRIEF_IDS.digestPrefix}${options.runId}` : BRIEF_IDS.sources;
}

/** discord.js component data (camelCase) → the API's JSON. */
/** Follow-up buttons as the API's JSON, for raw REST posts and edits. */
export function toApiRow(row: ReturnType<typeof followUpButtons>[number]) {
  return {
    type: row.type,
    components: row.components.map((c) => {
      const button = c as {
        type: number;
        customId?: string;
        label?: string;
        style?: number;
        disabled?: boolean;
      };
      return {
        type: button.type,
        custom_id: button.customId,
        label: button.label,
        style: button.style,
        ...(button.disabled ? { disabled: true } : {}),
      };
    }),
  };
}

/** Discord's refusals as the port's codes: permanent ones disable the schedule, the rest are retried. */
function failure(error: unknown): PublishOutcome {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, code, message };
}

function codeOf(error: unknown): PublishFailureCode {
  if (!(error instanceof DiscordAPIError)) return 'TRANSIENT';
  switch (error.code) {
    case RESTJSONErrorCodes.UnknownChannel:
      return 'CHANNEL_GONE';
    case RESTJSONErrorCodes.MissingAccess:
    case RESTJSONErrorCodes.MissingPermissions:
      return 'MISSING_PERMISSIONS';
    case RESTJSONErrorCodes.InvalidFormBodyOrContentType:
      return 'BAD_FORMAT';
    default:
      return error.status === 404
        ? 'CHANNEL_GONE'
        : error.status === 403
          ? 'MISSING_PERMISSIONS'
          : 'TRANSIENT';
  }
}
