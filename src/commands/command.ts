import type { Services } from '../briefing/services.ts';
import type { TenantId } from '../core/types.ts';
import type { IncomingDocument } from '../ingest/document-to-article.ts';
import type { Reply } from './reply.ts';

export type OptionType = 'string' | 'integer' | 'attachment' | 'channel';

/**
 * The terminal is one channel: a `channel` option given in the shell (any value, e.g. `announce: here`)
 * means this terminal, and arrives as this id.
 */
export const TERMINAL_CHANNEL_ID = 'terminal';

/** One option of a command: the single definition transports build their parsers and Discord payloads from. */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: readonly string[];
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** What the transport may suggest while the user types. */
  autocomplete?: 'actor' | 'article';
}

export type OptionValue = string | number | IncomingDocument;
export type OptionValues = Record<string, OptionValue | undefined>;

/** Who is asking and where: the tenant scopes every read and write. */
export interface CommandContext {
  tenant: TenantId;
  userId: string;
  /** Conversation this command continues or starts (a Discord thread, the terminal session). */
  conversationId: string;
  /** Whether the caller may change shared state (add or remove articles). */
  canManage: boolean;
  /** Transports that show text as it arrives pass this; it receives the answer so far. */
  onPartialText?: ((textSoFar: string) => void) | undefined;
  services: Services;
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Changes shared state: restricted to managers. */
  mutates?: boolean;
  /** Costly (engine work): transports may rate-limit and defer. */
  expensive?: boolean;
}

export interface LeafCommand extends CommandSpec {
  run(options: OptionValues, ctx: CommandContext): Promise<Reply>;
}

/** A command with subcommands, e.g. /article add|list|show|remove. */
export interface GroupCommand {
  name: string;
  description: string;
  subcommands: LeafCommand[];
}

export type Command = LeafCommand | GroupCommand;

export function isGroup(command: Command): command is GroupCommand {
  return 'subcommands' in command;
}
