import { ButtonStyle, ComponentType, DiscordAPIError, type Message, type REST, Routes } from 'discord.js';
import type { Reply } from '../../commands/reply.ts';
import { type BotDeps, safeError } from './context.ts';
import type { ComponentRows } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { truncateAtWord } from './split-message.ts';

/**
 * Custom ids of the follow-up buttons and modal; stable across restarts (state lives in the store).
 * A digest's Sources button is `digest:<run id>`: it doubles as the marker that recognises the
 * digest's own post after a crash.
 */
export const BRIEF_IDS = {
  sources: 'brief:sources',
  ask: 'brief:ask',
  modal: 'brief:ask-modal',
  question: 'question',
  digestPrefix: 'digest:',
} as const;

/** The "Sources" and "Ask a follow-up" buttons under a post that starts a conversation. */
export function followUpButtons(sourcesId: string = BRIEF_IDS.sources): ComponentRows {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          customId: sourcesId,
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
 * Under a digest post that starts no conversation (an empty window's one line): its Sources button,
 * disabled because there is nothing to list. It still carries the run's marker, so the post is
 * recognised after a crash like any other digest's (without it, a restart past the nonce window
 * could not find the post and would post it again).
 */
export function markerButton(markerId: string): ComponentRows {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          customId: markerId,
          label: discordText.sourcesButton,
          style: ButtonStyle.Secondary,
          disabled: true,
        },
      ],
    },
  ];
}

/** True for the custom id of any post's "Sources" button. */
export function isSourcesButton(customId: string): boolean {
  return customId === BRIEF_IDS.sources || customId.startsWith(BRIEF_IDS.digestPrefix);
}

/**
 * After a post that starts a conversation: a thread is started from the message where the bot may
 * create threads, and the dispatcher anchors the conversation on the message and the thread.
 * Discord gives a thread started from a message the message's id, so the buttons, the modal and
 * the thread's messages all continue the same stored conversation. Without thread permission the
 * post stands alone.
 */
export async function postConversationExtras(
  message: Message,
  reply: Reply,
  tenant: string,
  deps: BotDeps,
): Promise<void> {
  const ref = { channelId: message.channelId, messageId: message.id };
  await anchorAndStartThread(message.client.rest, ref, message.channel.isThread(), reply, tenant, deps);
}

/**
 * The same after a post known only by its ids (a reply finished by another process, through the
 * webhook): anchored on the message, then a thread unless the post is already inside one.
 */
export async function anchorAndStartThread(
  rest: REST,
  ref: { channelId: string; messageId: string },
  inThread: boolean,
  reply: Reply,
  tenant: string,
  deps: Pick<BotDeps, 'dispatcher' | 'services'>,
): Promise<void> {
  if (!reply.conversation) return;
  // Anchored on the message before the thread exists, so a question typed the moment the thread
  // appears already finds its conversation.
  await deps.dispatcher.anchor(tenant, reply.conversation.id, ref);
  if (inThread) return;
  const threadId = await startThread(rest, ref, reply.conversation.threadName, tenant, deps);
  if (threadId && threadId !== ref.messageId) {
    await deps.dispatcher.anchor(tenant, reply.conversation.id, { ...ref, threadId });
  }
}

async function startThread(
  rest: REST,
  ref: { channelId: string; messageId: string },
  name: string,
  tenant: string,
  deps: Pick<BotDeps, 'services'>,
): Promise<string | undefined> {
  const { logger } = deps.services;
  try {
    const thread = (await rest.post(Routes.threads(ref.channelId, ref.messageId), {
      body: { name: truncateAtWord(discordText.threadName(name), 100), auto_archive_duration: 1440 },
    })) as { id: string };
    return thread.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.status === 403 || error.status === 400)) {
      logger.info({ tenant, code: error.code }, 'no thread for post (not permitted here)');
      return undefined;
    }
    logger.warn({ tenant, ...safeError(error) }, 'thread creation failed');
    return undefined;
  }
}
