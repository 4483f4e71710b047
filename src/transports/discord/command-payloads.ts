import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import {
  type Command,
  isGroup,
  type LeafCommand,
  needsManage,
  type OptionSpec,
} from '../../commands/command.ts';
import { truncateAtWord } from './split-message.ts';

/** Discord's caps on command payloads. */
const LIMITS = { description: 100, choices: 25, stringLength: 6000 } as const;

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  attachment: ApplicationCommandOptionType.Attachment,
  channel: ApplicationCommandOptionType.Channel,
} as const;

/**
 * The application-command JSON for every command, built from the shared specs so Discord's
 * pickers never drift from what the runner validates.
 *
 * Groups with some state-changing subcommands (`/article add|remove` beside `list|show`) stay
 * visible to everyone: Discord can only hide a whole top-level command, and hiding `/article`
 * would hide reading too. The runner refuses `add`/`remove` to non-managers at run time.
 */
export function buildCommandPayloads(
  commands: readonly Command[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => {
    const base = {
      type: ApplicationCommandType.ChatInput as const,
      name: command.name,
      description: describe(command.description),
      // The bot works in servers only (the tenant is the server): no DMs, no user installs.
      contexts: [InteractionContextType.Guild],
      dm_permission: false,
    };
    if (isGroup(command)) {
      return {
        ...base,
        default_member_permissions: null,
        options: command.subcommands.map(subcommandPayload),
      };
    }
    return {
      ...base,
      default_member_permissions: manageOnly(command),
      options: command.options.length > 0 ? optionPayloads(command.options) : [],
    };
  });
}

function subcommandPayload(leaf: LeafCommand): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: leaf.name,
    description: describe(leaf.description),
    options: optionPayloads(leaf.options),
  };
}

/** Manage Server for commands that change shared state; null (everyone) otherwise. */
function manageOnly(command: LeafCommand): string | null {
  return needsManage(command) ? String(PermissionFlagsBits.ManageGuild) : null;
}

/** Options with the required ones first, as Discord demands. */
export function optionPayloads(specs: readonly OptionSpec[]): APIApplicationCommandBasicOption[] {
  const ordered = [...specs.filter((s) => s.required), ...specs.filter((s) => !s.required)];
  return ordered.map(optionPayload);
}

function optionPayload(spec: OptionSpec): APIApplicationCommandBasicOption {
  const common = {
    name: spec.name,
    description: describe(spec.description),
    required: spec.required ?? false,
  };
  switch (spec.type) {
    case 'attachment':
      return { ...common, type: ApplicationCommandOptionType.Attachment };
    case 'channel':
      // Only channels the bot can post an announcement in: text and announcement channels.
      return {
        ...common,
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      };
    case 'integer':
      return {
        ...common,
        type: ApplicationCommandOptionType.Integer,
        ...(spec.min !== undefined ? { min_value: spec.min } : {}),
        ...(spec.max !== undefined ? { max_value: spec.max } : {}),
        ...(spec.autocomplete && !spec.choices ? { autocomplete: true } : {}),
      };
    case 'string': {
      const lengths = {
        ...(spec.minLength !== undefined
          ? { min_length: Math.min(spec.minLength, LIMITS.stringLength) }
          : {}),
        // Longer text (a pasted article) must come as a file: Discord caps string options at 6,000.
        ...(spec.maxLength !== undefined
          ? { max_length: Math.min(spec.maxLength, LIMITS.stringLength) }
          : {}),
      };
      if (spec.choices) {
        return {
          ...common,
          type: ApplicationCommandOptionType.String,
          choices: spec.choices.slice(0, LIMITS.choices).map((c) => ({ name: c, value: c })),
        };
      }
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        ...lengths,
        ...(spec.autocomplete ? { autocomplete: true } : {}),
      };
    }
  }
}

/** Option type numbers, exported for tests and the interaction reader. */
export const DISCORD_OPTION_TYPES = OPTION_TYPES;

function describe(text: string): string {
  return truncateAtWord(text, LIMITS.description);
}
