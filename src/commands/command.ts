import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import type { IncomingDocument } from '../ingest/document-to-article.ts';
import type { Precondition } from './preconditions.ts';
import type { Reply } from './reply.ts';

export type OptionType = 'string' | 'integer' | 'attachment' | 'channel';

/** The terminal's one channel id (a `channel` option in the shell points at the terminal). */
export { TERMINAL_CHANNEL_ID } from '../core/publisher.ts';

/** One option of a command: the single definition transports build their parsers and Discord payloads from. */
export interface OptionSpec {
  readonly name: string;
  readonly description: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  /** What the transport may suggest while the user types. */
  readonly autocomplete?: 'actor' | 'article' | 'timezone';
}

/** A channel chosen in an option; in the terminal, the terminal itself. */
export interface ChannelRef {
  id: string;
}

/** The value an option of a given spec validates to: derived from the spec, so commands never cast. */
export type OptionValueOf<S extends OptionSpec> = S['type'] extends 'integer'
  ? number
  : S['type'] extends 'attachment'
    ? IncomingDocument
    : S['type'] extends 'channel'
      ? ChannelRef
      : S extends { choices: readonly (infer C extends string)[] }
        ? C
        : string;

/** The validated options of a command, typed from its option specs (required ones are never undefined). */
export type OptionsOf<O extends readonly OptionSpec[]> = {
  [S in O[number] as S['name']]: S extends { required: true }
    ? OptionValueOf<S>
    : OptionValueOf<S> | undefined;
};

export type OptionValue = string | number | IncomingDocument | ChannelRef;

/** Who is asking and where: the tenant scopes every read and write. */
export interface CommandContext {
  tenant: TenantId;
  userId: string;
  /** Conversation this command continues or starts (a Discord thread, the terminal session). */
  conversationId: string;
  /** Whether the caller may change shared state (add or remove articles, schedule digests). */
  canManage: boolean;
  /** Transports that show text as it arrives pass this; it receives the answer so far. */
  onPartialText?: ((textSoFar: string) => void) | undefined;
  services: Services;
}

export interface CommandSpec<O extends readonly OptionSpec[] = readonly OptionSpec[]> {
  name: string;
  description: string;
  options: O;
  /** What must hold before the command runs; the dispatcher checks them for every trigger. */
  preconditions?: readonly Precondition[];
  /** Costly (engine work): transports acknowledge first and queue the work. */
  expensive?: boolean;
  /** How validation messages name the input ("A follow-up question"); default `/name option`. */
  inputLabel?: string;
  /** Not a slash command: reached only through other triggers (follow-up messages, buttons, schedules). */
  hidden?: boolean;
}

export interface LeafCommand<O extends readonly OptionSpec[] = readonly OptionSpec[]> extends CommandSpec<O> {
  /** Runs with options already validated against `options`. */
  run(options: OptionsOf<O>, ctx: CommandContext): Promise<Reply>;
}

/** Declares a command so its `run` receives options typed from its own specs. */
export function defineCommand<const O extends readonly OptionSpec[]>(
  command: LeafCommand<O>,
): LeafCommand<O> {
  return command;
}

/** A command with subcommands, e.g. /article add|list|show|remove. */
export interface GroupCommand {
  name: string;
  description: string;
  subcommands: readonly LeafCommand[];
}

export type Command = LeafCommand | GroupCommand;

export function isGroup(command: Command): command is GroupCommand {
  return 'subcommands' in command;
}

/** Whether the command changes shared state (Discord hides it from members without Manage Server). */
export function needsManage(command: CommandSpec): boolean {
  return command.preconditions?.includes('manage') ?? false;
}
