import {
  type ButtonInteraction,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { followUpCommand } from '../../commands/follow-up.ts';
import { BRIEF_IDS, isSourcesButton } from './brief-followups.ts';
import { type BotDeps, callerOf } from './context.ts';
import { deliver } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { runWithPreview } from './expensive.ts';
import { holdReply } from './reply-lease.ts';
import { truncateAtWord } from './split-message.ts';

/** The follow-up question's limits come from the follow-up command's own spec. */
const QUESTION_SPEC = followUpCommand.options[0];

/** A post's buttons: "Sources" lists them privately, "Ask a follow-up" opens the question modal. */
export async function handleButton(interaction: ButtonInteraction, deps: BotDeps): Promise<void> {
  if (interaction.customId === BRIEF_IDS.ask) {
    const input = new TextInputBuilder()
      .setCustomId(BRIEF_IDS.question)
      .setStyle(TextInputStyle.Paragraph)
      .setPlaceholder(discordText.followUpPlaceholder)
      .setRequired(true)
      .setMinLength(QUESTION_SPEC.minLength)
      .setMaxLength(QUESTION_SPEC.maxLength);
    const label = new LabelBuilder().setLabel(discordText.followUpLabel).setTextInputComponent(input);
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(BRIEF_IDS.modal)
        .setTitle(discordText.followUpTitle)
        .addLabelComponents(label),
    );
    return;
  }
  if (!isSourcesButton(interaction.customId)) return;
  // The post's message id names its conversation.
  const caller = callerOf(interaction, interaction.message.id);
  const reply = await deps.dispatcher.dispatch({ trigger: 'button', name: 'sources', options: {} }, caller);
  await deliver(interaction, reply);
}

/** The follow-up question from the modal, answered in the post's conversation. */
export async function handleModal(interaction: ModalSubmitInteraction, deps: BotDeps): Promise<void> {
  if (interaction.customId !== BRIEF_IDS.modal) return;
  const receivedAt = deps.services.clock.now();
  const question = interaction.fields.getTextInputValue(BRIEF_IDS.question).trim();
  // The post's message id names its conversation (and its thread, if one was started).
  const caller = callerOf(interaction, interaction.message?.id);
  const options = { question };
  const admitted = await deps.dispatcher.admit({ trigger: 'modal', name: 'follow-up', options }, caller);
  if (!admitted.ok) {
    await deliver(interaction, admitted.reply);
    return;
  }
  await interaction.deferReply();
  const replyTitle = truncateAtWord(`Q: ${question}`, 256);
  // Recorded like a deferred slash command: another process finishes it should this one die.
  const held = await holdReply(interaction, deps, caller, receivedAt, {
    trigger: 'modal',
    name: 'follow-up',
    options,
    attachments: {},
    replyTitle,
  });
  try {
    const reply = await runWithPreview(interaction, deps, caller.tenant ?? '', (onPartialText) =>
      admitted.run(options, { onPartialText }),
    );
    if (held && !(await held.stillHeld())) return;
    await deliver(interaction, reply.error ? reply : { ...reply, title: replyTitle });
  } finally {
    await held?.release();
  }
}
