import { actorCommand } from './actor.ts';
import { actorsCommand } from './actors.ts';
import { articleCommand } from './article.ts';
import { askCommand } from './ask.ts';
import { briefCommand } from './brief.ts';
import type { Command } from './command.ts';
import { digestCommand } from './digest.ts';
import { digestComposeCommand } from './digest-compose.ts';
import { feedCommand } from './feed.ts';
import { followUpCommand } from './follow-up.ts';
import { helpCommand } from './help.ts';
import { sourcesCommand } from './sources.ts';
import { usageCommand } from './usage.ts';

/** Every command, once: the terminal and Discord both build from this list (hidden ones are not slash commands). */
export const COMMANDS: readonly Command[] = [
  briefCommand,
  askCommand,
  actorsCommand,
  actorCommand,
  articleCommand,
  digestCommand,
  feedCommand,
  usageCommand,
  helpCommand(() => SLASH_COMMANDS),
  followUpCommand,
  sourcesCommand,
  digestComposeCommand,
];

/** The commands people type: registered on Discord, listed in /help, parsed in the terminal. */
export const SLASH_COMMANDS: readonly Command[] = COMMANDS.filter((c) => !('hidden' in c && c.hidden));

/** A typed command by name (hidden ones excluded), for parsers and payload builders. */
export function findCommand(name: string): Command | undefined {
  return SLASH_COMMANDS.find((c) => c.name === name.toLowerCase());
}
