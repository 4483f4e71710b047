import type { Attachment, ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, LeafCommand } from '../../commands/command.ts';
import { messageReply, type Reply } from '../../commands/reply.ts';
import { type Invocation, resolveLeaf, runCommand } from '../../commands/run-command.ts';
import type { RawOptions } from '../../commands/validate-options.ts';
import { downloadAttachment } from './attachments.ts';
import { anchorBriefing, briefButtons } from './brief-followups.ts';
import { type BotDeps, canManage, commandContext, conversationIdFor } from './context.ts';
import { deliver, tellPrivately } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { admit, runWithPreview } from './expensive.ts';

/** Cheap commands that have not answered by then get deferred, so Discord's 3 s window is never missed. */
const ACK_SAFETY_MS = 2_000;

/**
 * A slash command: read the options by the command's own specs, then acknowledge in time:
 * expensive commands (and those with files) are deferred first and edited when done; cheap ones
 * answer directly. Refusals (permission, rate limit, bad input) are ephemeral.
 */
export async function handleChatInput(
  interaction: ChatInputCommandInteraction,
  deps: BotDeps,
): Promise<void> {
  if (!interaction.inGuild()) return tellPrivately(interaction, discordText.dmRefusal);
  const { invocation, attachments } = readInvocation(interaction);
  const resolved = resolveLeaf(invocation);
  if ('error' in resolved) {
    await deliver(interaction, resolved.error);
    return;
  }
  const { command } = resolved;
  const ctx = commandContext(deps, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    conversationId: conversationIdFor(interaction.channel, interaction.channelId),
    canManage: canManage(interaction.memberPermissions),
  });
  // The runner refuses at once; answering before any deferral keeps the refusal private.
  if (command.mutates && !ctx.canManage) {
    await deliver(interaction, await runCommand(invocation, ctx));
    return;
  }
  // A command that changed the server's articles makes its autocomplete lists stale: forget them
  // as soon as the command finished (whatever the outcome), before the reply goes out.
  const run = (extra: Partial<CommandContext> = {}): Promise<Reply> => {
    const running = runCommand(invocation, { ...ctx, ...extra });
    return command.mutates ? running.finally(() => deps.suggestions.invalidate(ctx.tenant)) : running;
  };
  const slow = command.expensive || attachments.size > 0;
  if (!slow) {
    await runCheap(interaction, run());
    return;
  }
  if (command.expensive && !(await admit(interaction, deps, interaction.guildId))) return;
  await interaction.deferReply();
  for (const [name, attachment] of attachments) {
    const doc = await downloadAttachment(attachment, deps.attachmentHosts);
    if (!doc.ok) {
      await deliver(interaction, messageReply(doc.message, 'rejected'));
      return;
    }
    invocation.options[name] = doc.value;
  }
  const reply = await runWithPreview(interaction, deps, ctx.tenant, (onPartialText) =>
    run({ onPartialText }),
  );
  const isBriefing = command.name === 'brief' && !reply.error;
  const message = await deliver(interaction, reply, isBriefing ? briefButtons() : []);
  if (isBriefing && message) await anchorBriefing(message, ctx, reply.title ?? 'Briefing');
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

/** The invocation as the runner reads it; attachments are kept aside until downloaded. */
export function readInvocation(interaction: ChatInputCommandInteraction): {
  invocation: Invocation & { options: RawOptions };
  attachments: Map<string, Attachment>;
} {
  const subcommand = interaction.options.getSubcommand(false) ?? undefined;
  const invocation = { name: interaction.commandName, subcommand, options: {} as RawOptions };
  const attachments = new Map<string, Attachment>();
  const resolved = resolveLeaf(invocation);
  const specs: LeafCommand['options'] = 'error' in resolved ? [] : resolved.command.options;
  for (const spec of specs) {
    if (spec.type === 'attachment') {
      const attachment = interaction.options.getAttachment(spec.name);
      if (attachment) attachments.set(spec.name, attachment);
      continue;
    }
    if (spec.type === 'channel') {
      const channel = interaction.options.getChannel(spec.name);
      if (channel) invocation.options[spec.name] = channel.id;
      continue;
    }
    const value =
      spec.type === 'integer'
        ? interaction.options.getInteger(spec.name)
        : interaction.options.getString(spec.name);
    if (value !== null) invocation.options[spec.name] = value;
  }
  return { invocation, attachments };
}
