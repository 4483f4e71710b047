import type { Attachment, ChatInputCommandInteraction } from 'discord.js';
import type { Resolution } from '../../commands/dispatcher.ts';
import { messageReply, type Reply } from '../../commands/reply.ts';
import type { RawOptions } from '../../commands/validate-options.ts';
import type { PendingCommand } from '../../store/pending-reply-store.ts';
import { downloadAttachment } from './attachments.ts';
import { followUpButtons, postConversationExtras } from './brief-followups.ts';
import { type BotDeps, callerOf } from './context.ts';
import { deliver } from './deliver.ts';
import { runWithPreview } from './expensive.ts';
import { holdReply } from './reply-lease.ts';

/** Cheap commands that have not answered by then get deferred, so Discord's 3 s window is never missed. */
const ACK_SAFETY_MS = 2_000;

/**
 * A slash command: the dispatcher resolves it once and checks its preconditions; refusals are
 * answered at once (privately). Then Discord's 3 s window is kept: expensive commands (and those
 * with files) are deferred, run in the work queue and edited when done; cheap ones answer directly.
 */
export async function handleChatInput(
  interaction: ChatInputCommandInteraction,
  deps: BotDeps,
): Promise<void> {
  // The token's 15 minutes run from here (at most a moment after Discord created the interaction).
  const receivedAt = deps.services.clock.now();
  const subcommand = interaction.options.getSubcommand(false) ?? undefined;
  const name = interaction.commandName;
  const resolved = deps.dispatcher.resolve({ trigger: 'slash', name, subcommand });
  const { options, attachments } = readOptions(interaction, resolved);
  const caller = callerOf(interaction);
  const admitted = await deps.dispatcher.admit(
    { trigger: 'slash', name, subcommand, options, resolved },
    caller,
  );
  if (!admitted.ok) {
    await deliver(interaction, admitted.reply);
    return;
  }
  if (!admitted.command.expensive && attachments.size === 0) {
    await runCheap(interaction, admitted.run(options));
    return;
  }
  await interaction.deferReply();
  // Recorded before it runs: should this process die, another one re-runs it and edits the response.
  const held = await holdReply(
    interaction,
    deps,
    caller,
    receivedAt,
    pendingCommand(name, subcommand, options, attachments),
  );
  try {
    for (const [optionName, attachment] of attachments) {
      const doc = await downloadAttachment(attachment, deps.attachmentHosts, deps.attachmentFetcher);
      if (!doc.ok) {
        await deliver(interaction, messageReply(doc.message, 'rejected'));
        return;
      }
      options[optionName] = doc.value;
    }
    const reply = await runWithPreview(interaction, deps, caller.tenant ?? '', (onPartialText) =>
      admitted.run(options, { onPartialText }),
    );
    // A process that stalled past its lease leaves the answer to the one that took the reply over.
    if (held && !(await held.stillHeld())) return;
    await deliverWithConversation(interaction, reply, deps);
  } finally {
    // Delivered, or failed (onInteraction then tells the member privately): done with it either way.
    await held?.release();
  }
}

/** What re-running the command needs: its options as read (plain JSON), and where its files are. */
function pendingCommand(
  name: string,
  subcommand: string | undefined,
  options: RawOptions,
  attachments: ReadonlyMap<string, Attachment>,
): PendingCommand {
  const plain: PendingCommand['options'] = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'string' || typeof value === 'number') plain[key] = value;
    else if (value && 'id' in value && typeof value.id === 'string') plain[key] = { id: value.id };
  }
  const files: PendingCommand['attachments'] = {};
  for (const [key, file] of attachments) files[key] = { name: file.name, size: file.size, url: file.url };
  return { name, subcommand, options: plain, attachments: files };
}

/** Delivers a reply; one that starts a conversation gets its buttons, thread and anchor. */
export async function deliverWithConversation(
  interaction: ChatInputCommandInteraction,
  reply: Reply,
  deps: BotDeps,
): Promise<void> {
  const starts = reply.conversation !== undefined && !reply.error;
  const message = await deliver(interaction, reply, starts ? followUpButtons() : []);
  if (starts && message && interaction.guildId) {
    await postConversationExtras(message, reply, interaction.guildId, deps);
  }
}

async function runCheap(interaction: ChatInputCommandInteraction, running: Promise<Reply>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ACK_SAFETY_MS);
  });
  const early = await Promise.race([running, late]);
  clearTimeout(timer);
  if (early === undefined) await interaction.deferReply();
  await deliver(interaction, await running);
}

/** The interaction's options read by the resolved command's specs; attachments kept aside until downloaded. */
export function readOptions(
  interaction: ChatInputCommandInteraction,
  resolved: Resolution,
): { options: RawOptions; attachments: Map<string, Attachment> } {
  const options: RawOptions = {};
  const attachments = new Map<string, Attachment>();
  for (const spec of resolved.ok ? resolved.command.options : []) {
    switch (spec.type) {
      case 'attachment': {
        const attachment = interaction.options.getAttachment(spec.name);
        if (attachment) attachments.set(spec.name, attachment);
        break;
      }
      case 'channel': {
        const channel = interaction.options.getChannel(spec.name);
        if (channel) options[spec.name] = { id: channel.id };
        break;
      }
      case 'integer': {
        const value = interaction.options.getInteger(spec.name);
        if (value !== null) options[spec.name] = value;
        break;
      }
      case 'string': {
        const value = interaction.options.getString(spec.name);
        if (value !== null) options[spec.name] = value;
        break;
      }
    }
  }
  return { options, attachments };
}
