import {
  type ButtonInteraction,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { describeSources } from '../../briefing/sources.ts';
import type { Reply } from '../../commands/reply.ts';
import { runFollowUp } from '../../commands/run-command.ts';
import { BRIEF_IDS } from './brief-followups.ts';
import { type BotDeps, commandContext, conversationIdFor } from './context.ts';
import { deliver, tellPrivately } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { admit, runWithPreview } from './expensive.ts';
import { truncateAtWord } from './split-message.ts';

/** The briefing's buttons: "Sources" lists them privately, "Ask a follow-up" opens the question modal. */
export async function handleButton(interaction: ButtonInteraction, deps: BotDeps): Promise<void> {
  if (!interaction.inGuild()) return tellPrivately(interaction, discordText.dmRefusal);
  if (interaction.customId === BRIEF_IDS.ask) {
    const input = new TextInputBuilder()
      .setCustomId(BRIEF_IDS.question)
      .setStyle(TextInputStyle.Paragraph)
      .setPlaceholder(discordText.followUpPlaceholder)
      .setRequired(true)
      .setMinLength(2)
      .setMaxLength(500);
    const label = new LabelBuilder().setLabel(discordText.followUpLabel).setTextInputComponent(input);
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(BRIEF_IDS.modal)
        .setTitle(discordText.followUpTitle)
        .addLabelComponents(label),
    );
    return;
  }
  if (interaction.customId !== BRIEF_IDS.sources) return;
  const { store } = deps.services;
  const conversation = await store.getConversation(interaction.guildId, interaction.message.id);
  const ids = conversation?.articleIds ?? [];
  // Numbered in the briefing's order, so [n] here matches [n] in the briefing.
  const sources = await describeSources(store, interaction.guildId, ids);
  if (sources.length === 0) return tellPrivately(interaction, discordText.noSources);
  const reply: Reply = { title: discordText.sourcesTitle, sections: [], sources, ephemeral: true };
  await deliver(interaction, reply);
}

/** The follow-up question from the modal, answered in the briefing's conversation. */
export async function handleModal(interaction: ModalSubmitInteraction, deps: BotDeps): Promise<void> {
  if (!interaction.inGuild()) return tellPrivately(interaction, discordText.dmRefusal);
  if (interaction.customId !== BRIEF_IDS.modal) return;
  const question = interaction.fields.getTextInputValue(BRIEF_IDS.question).trim();
  // The briefing message's id names its conversation (and its thread, if one was started).
  const conversationId =
    interaction.message?.id ?? conversationIdFor(interaction.channel, interaction.channelId ?? '');
  if (!(await admit(interaction, deps, interaction.guildId))) return;
  await interaction.deferReply();
  const ctx = commandContext(deps, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    conversationId,
    canManage: false,
  });
  const reply = await runWithPreview(interaction, deps, ctx.tenant, (onPartialText) =>
    runFollowUp(question, { ...ctx, onPartialText }),
  );
  await deliver(
    interaction,
    reply.error ? reply : { ...reply, title: truncateAtWord(`Q: ${question}`, 256) },
  );
}
