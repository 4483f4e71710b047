import {
  type ActionRowData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type MessageActionRowComponentData,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Reply } from '../../commands/reply.ts';
import { NO_MENTIONS } from './context.ts';
import { type RenderedMessage, renderReply } from './render-discord.ts';

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
export type ComponentRows = ActionRowData<MessageActionRowComponentData>[];

/**
 * Sends a reply to an interaction, whatever state it is in: the first message as the reply (or the
 * edit of a deferred one), the rest as follow-ups. An ephemeral reply after a public defer replaces
 * the public "thinking…" message with private follow-ups, so errors are only seen by the caller.
 * Returns the first message when it is public (a briefing's thread hangs from it).
 */
export async function deliver(
  interaction: RepliableInteraction,
  reply: Reply,
  components: ComponentRows = [],
): Promise<Message | undefined> {
  const pages = renderReply(reply);
  const ephemeral = reply.ephemeral === true;
  const [first, ...rest] = pages;
  if (!first) return undefined;
  let message: Message | undefined;
  if (interaction.deferred && ephemeral && !interaction.ephemeral) {
    await interaction.deleteReply().catch(() => {});
    for (const page of pages) await interaction.followUp(followUpBody(page, true));
    return undefined;
  }
  if (interaction.deferred) {
    message = await interaction.editReply({ ...pageBody(first), components, allowedMentions: NO_MENTIONS });
  } else if (interaction.replied) {
    message = await interaction.followUp({ ...followUpBody(first, ephemeral), components });
  } else {
    const body = { ...pageBody(first), components, allowedMentions: NO_MENTIONS };
    if (ephemeral) {
      await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
    } else {
      const response = await interaction.reply({ ...body, withResponse: true });
      message = response.resource?.message ?? undefined;
    }
  }
  for (const page of rest) await interaction.followUp(followUpBody(page, ephemeral));
  return ephemeral ? undefined : message;
}

/** A short ephemeral message, whatever state the interaction is in; never throws. */
export async function tellPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  try {
    if (interaction.deferred && !interaction.ephemeral) await interaction.deleteReply().catch(() => {});
    if (interaction.deferred || interaction.replied) {
      await interaction.followUp({
        content: text,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
    } else {
      await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  } catch {
    // The interaction may have expired; there is nobody left to tell.
  }
}

/** Content and embeds for a send or an edit: both always set, so an edit replaces a preview fully. */
export function pageBody(page: RenderedMessage): { content: string; embeds: RenderedMessage['embeds'] } {
  return { content: page.content ?? '', embeds: page.embeds ?? [] };
}

function followUpBody(page: RenderedMessage, ephemeral: boolean) {
  return {
    ...pageBody(page),
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}
