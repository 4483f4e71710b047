import { anchorConversation } from '../briefing/conversation.ts';
import type { Services } from '../briefing/services.ts';
import { StoreError } from '../core/errors.ts';
import type { PublishedRef } from '../core/publisher.ts';
import type { RateLimiter } from '../core/rate-limiter.ts';
import type { TenantId } from '../core/types.ts';
import { type Command, type CommandContext, isGroup, type LeafCommand, type OptionsOf } from './command.ts';
import { messages, storeFault } from './messages.ts';
import { type Caller, checkPreconditions, GLOBAL_PRECONDITIONS } from './preconditions.ts';
import { messageReply, type Reply } from './reply.ts';
import { type RawOptions, validateOptions } from './validate-options.ts';

/** Where an invocation came from. Every trigger goes through the same dispatcher. */
export type Trigger = 'slash' | 'shell' | 'follow-up' | 'button' | 'modal' | 'schedule';

/** A command invocation as a trigger parsed it (options still raw: strings, numbers, files). */
export interface Invocation {
  trigger: Trigger;
  name: string;
  subcommand?: string | undefined;
  options: RawOptions;
  /** The resolution a parser already made (it needed the option specs), so it is not repeated. */
  resolved?: Resolution | undefined;
}

export type Resolution = { ok: true; command: LeafCommand; path: string } | { ok: false; reply: Reply };

/** A command whose preconditions held: the transport may acknowledge, fetch files, then run it. */
export interface Admitted {
  command: LeafCommand;
  path: string;
  /** Validates the options into the command's typed values and runs it; faults become a logged, generic reply. */
  run(
    options: RawOptions,
    extra?: { onPartialText?: ((textSoFar: string) => void) | undefined },
  ): Promise<Reply>;
}

export type Admission = ({ ok: true } & Admitted) | { ok: false; reply: Reply };

export interface DispatcherDeps {
  commands: readonly Command[];
  services: Services;
  /** Per-caller buckets for commands that declare `rate-limited`; the terminal has none. */
  limiter?: RateLimiter | undefined;
  /** Told after a command that changed a server's state ran (e.g. to drop autocomplete caches). */
  onStateChanged?: ((tenant: TenantId) => void) | undefined;
}

/**
 * The one place commands are resolved, checked and run, for every trigger: slash commands, shell
 * lines, follow-up messages, buttons, modals and scheduled jobs. Transports only parse and render.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  get services(): Services {
    return this.deps.services;
  }

  /** Finds the leaf command an invocation names (hidden commands only for non-typed triggers). */
  resolve(invocation: Pick<Invocation, 'trigger' | 'name' | 'subcommand'>): Resolution {
    const typed = invocation.trigger === 'slash' || invocation.trigger === 'shell';
    const name = invocation.name.toLowerCase();
    const command = this.deps.commands.find((c) => c.name === name && (!typed || !isHidden(c)));
    if (!command) return refuse(messages.unknownCommand(invocation.name), 'unknown-command');
    if (!isGroup(command)) return { ok: true, command, path: command.name };
    const names = command.subcommands.map((s) => s.name);
    if (!invocation.subcommand) return refuse(messages.missingSubcommand(command.name, names), 'bad-option');
    const sub = command.subcommands.find((s) => s.name === invocation.subcommand?.toLowerCase());
    if (!sub)
      return refuse(messages.unknownSubcommand(command.name, invocation.subcommand, names), 'bad-option');
    return { ok: true, command: sub, path: `${command.name} ${sub.name}` };
  }

  /**
   * For text triggers: resolves `/name [word]`, where the word is the subcommand only when the
   * command has subcommands; says whether it was used.
   */
  resolveText(
    trigger: Trigger,
    name: string,
    nextWord: string | undefined,
  ): {
    resolution: Resolution;
    usedNextWord: boolean;
  } {
    const command = this.deps.commands.find((c) => c.name === name.toLowerCase());
    const usedNextWord = command !== undefined && isGroup(command);
    const subcommand = usedNextWord && nextWord ? nextWord : undefined;
    return { resolution: this.resolve({ trigger, name, subcommand }), usedNextWord };
  }

  /** Resolves the command (unless already resolved) and checks its preconditions (global ones first). */
  async admit(invocation: Invocation, caller: Caller): Promise<Admission> {
    const resolved = invocation.resolved ?? this.resolve(invocation);
    if (!resolved.ok) return resolved;
    const { command, path } = resolved;
    const preconditions = [...GLOBAL_PRECONDITIONS, ...(command.preconditions ?? [])];
    const refusal = await checkPreconditions(preconditions, caller, path, this.deps);
    if (refusal) return { ok: false, reply: refusal };
    return {
      ok: true,
      command,
      path,
      run: (options, extra) => this.run(command, path, options, caller, extra?.onPartialText),
    };
  }

  /** Admits and runs in one step, for triggers with nothing to do in between (shell, schedules). */
  async dispatch(
    invocation: Invocation,
    caller: Caller,
    extra?: { onPartialText?: ((textSoFar: string) => void) | undefined },
  ): Promise<Reply> {
    const admitted = await this.admit(invocation, caller);
    if (!admitted.ok) return admitted.reply;
    return admitted.run(invocation.options, extra);
  }

  /**
   * A reply that started a conversation was posted: its conversation continues under the post's
   * message id and thread id, so buttons, the thread and replies find it, across restarts.
   */
  async anchor(tenant: TenantId, conversationId: string, ref: PublishedRef): Promise<void> {
    const ids = [ref.messageId, ...(ref.threadId ? [ref.threadId] : [])];
    await anchorConversation(this.deps.services.store, tenant, conversationId, ids);
  }

  private async run(
    command: LeafCommand,
    path: string,
    raw: RawOptions,
    caller: Caller,
    onPartialText: ((textSoFar: string) => void) | undefined,
  ): Promise<Reply> {
    const options = validateOptions(`/${path}`, command.options, raw, {
      label: command.inputLabel,
    });
    if (!options.ok) return messageReply(options.message, 'bad-option');
    const ctx: CommandContext = {
      tenant: caller.tenant!,
      userId: caller.userId,
      conversationId: caller.conversationId,
      canManage: caller.canManage,
      onPartialText,
      services: this.deps.services,
    };
    try {
      // Validation checked every option against this command's own specs: the values have its types.
      return await command.run(options.value as OptionsOf<typeof command.options>, ctx);
    } catch (error) {
      this.deps.services.logger.error({ err: error, command: path, tenant: caller.tenant }, 'command failed');
      // A storage fault the reader can act on (restore, permissions, space) is named; the rest stays generic.
      if (error instanceof StoreError && error.kind !== 'internal')
        return messageReply(storeFault(error.kind), 'store-fault');
      return messageReply(messages.internal, 'internal');
    } finally {
      if (command.preconditions?.includes('manage')) this.deps.onStateChanged?.(caller.tenant!);
    }
  }
}

function isHidden(command: Command): boolean {
  return !isGroup(command) && command.hidden === true;
}

function refuse(text: string, code: NonNullable<Reply['error']>): { ok: false; reply: Reply } {
  return { ok: false, reply: messageReply(text, code) };
}
