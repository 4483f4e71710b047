import { actorCommand } from './actor.ts';
import { actorsCommand } from './actors.ts';
import { articleCommand } from './article.ts';
import { askCommand } from './ask.ts';
import { briefCommand } from './brief.ts';
import type { Command } from './command.ts';
import { feedCommand } from './feed.ts';
import { helpCommand } from './help.ts';
import { usageCommand } from './usage.ts';

/** Every command, once: the terminal and Discord both build from this list. */
export const COMMANDS: readonly Command[] = [
  briefCommand,
  askCommand,
  actorsCommand,
  actorCommand,
  articleCommand,
  feedCommand,
  usageCommand,
  helpCommand(() => COMMANDS),
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name.toLowerCase());
}
