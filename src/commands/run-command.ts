import { StoreError } from '../core/errors.ts';
import { answer, askCommand } from './ask.ts';
import { type CommandContext, isGroup, type LeafCommand } from './command.ts';
import { messages, storeFault } from './messages.ts';
import { findCommand } from './registry.ts';
import { messageReply, type Reply } from './reply.ts';
import { type RawOptions, validateOptions } from './validate-options.ts';

/** A command invocation as a transport parsed it. */
export interface Invocation {
  name: string;
  subcommand?: string | undefined;
  options: RawOptions;
}

/** Resolves the command, checks permission and options, runs it; faults become a logged, generic reply. */
export async function runCommand(invocation: Invocation, ctx: CommandContext): Promise<Reply> {
  const resolved = resolveLeaf(invocation);
  if ('error' in resolved) return resolved.error;
  const { command, path } = resolved;
  if (command.mutates && !ctx.canManage) return messageReply(messages.notAllowed(path), 'not-allowed');
  const options = validateOptions(path, command.options, invocation.options);
  if (!options.ok) return messageReply(options.message, 'bad-option');
  return guard(ctx, path, () => command.run(options.value, ctx));
}

/**
 * A chat message that is not a command: a follow-up question in the caller's conversation. It is
 * an /ask without the slash, so it meets the same limits (length, non-empty).
 */
export async function runFollowUp(text: string, ctx: CommandContext): Promise<Reply> {
  const checked = validateOptions('ask', askCommand.options, { question: text });
  if (!checked.ok)
    return messageReply(checked.message.replace('/ask question', 'A follow-up question'), 'bad-option');
  return guard(ctx, 'follow-up', () => answer(checked.value.question as string, ctx));
}

/** Finds the leaf command an invocation names, or the reply explaining why there is none. */
export function resolveLeaf(
  invocation: Invocation,
): { command: LeafCommand; path: string } | { error: Reply } {
  const command = findCommand(invocation.name);
  if (!command) return { error: messageReply(messages.unknownCommand(invocation.name), 'unknown-command') };
  if (!isGroup(command)) return { command, path: command.name };
  const names = command.subcommands.map((s) => s.name);
  if (!invocation.subcommand)
    return { error: messageReply(messages.missingSubcommand(command.name, names), 'bad-option') };
  const sub = command.subcommands.find((s) => s.name === invocation.subcommand?.toLowerCase());
  if (!sub) {
    return {
      error: messageReply(
        messages.unknownSubcommand(command.name, invocation.subcommand, names),
        'bad-option',
      ),
    };
  }
  return { command: sub, path: `${command.name} ${sub.name}` };
}

async function guard(ctx: CommandContext, what: string, run: () => Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    ctx.services.logger.error({ err: error, command: what, tenant: ctx.tenant }, 'command failed');
    // A storage fault the reader can act on (restore, permissions, space) is named; the rest stays generic.
    if (error instanceof StoreError && error.kind !== 'internal')
      return messageReply(storeFault(error.kind), 'store-fault');
    return messageReply(messages.internal, 'internal');
  }
}
