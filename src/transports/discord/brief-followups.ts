import { ButtonStyle, ComponentType, DiscordAPIError, type Message, Routes } from 'discord.js';
import type { CommandContext } from '../../commands/command.ts';
import { safeError } from './context.ts';
import type { ComponentRows } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { truncateAtWord } from './split-message.ts';

/** Custom ids of the briefing's buttons and modal; stable across restarts (state lives in the store). */
export const BRIEF_IDS = {
  sources: 'brief:sources',
  ask: 'brief:ask',
  modal: 'brief:ask-modal',
  question: 'question',
} as const;

/** The "Sources" and "Ask a follow-up" buttons under a briefing. */
export function briefButtons(): ComponentRows {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          customId: BRIEF_IDS.sources,
          label: discordText.sourcesButton,
          style: ButtonStyle.Secondary,
        },
        {
          type: ComponentType.Button,
          customId: BRIEF_IDS.ask,
          label: discordText.askButton,
          style: ButtonStyle.Primary,
        },
      ],
    },
  ];
}

/**
 * After a briefing is posted: its conversation is saved under the message's id, and a thread is
 * started from the message where the bot may create threads. Discord gives a thread started from
 * a message the message's id, so the buttons, the modal and the thread's messages all continue
 * the same stored conversation, across restarts. Without thread permission the briefing stands alone.
 */
export async function anchorBriefing(
  message: Message,
  ctx: CommandContext,
  title: string,
): Promise<string | undefined> {
  const { store, logger } = ctx.services;
  const conversation = await store.getConversation(ctx.tenant, ctx.conversationId);
  if (conversation) await store.saveConversation(ctx.tenant, { ...conversation, id: message.id });
  if (message.channel.isThread()) return undefined;
  try {
    const thread = (await message.client.rest.post(Routes.threads(message.channelId, message.id), {
      body: { name: truncateAtWord(discordText.threadName(title), 100), auto_archive_duration: 1440 },
    })) as { id: string };
    if (conversation && thread.id !== message.id) {
      await store.saveConversation(ctx.tenant, { ...conversation, id: thread.id });
    }
    return thread.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 400)) {
      logger.info({ tenant: ctx.tenant, code: error.code }, 'no thread for briefing (not permitted here)');
      return undefined;
    }
    logger.warn({ tenant: ctx.tenant, ...safeError(error) }, 'thread creation failed');
    return undefined;
  }
}
