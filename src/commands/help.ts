import type { Command, LeafCommand, OptionSpec } from './command.ts';
import { isGroup } from './command.ts';

/** Builds /help from the same definitions the transports use, so help never drifts from the commands. */
export function helpCommand(all: () => readonly Command[]): LeafCommand {
  return {
    name: 'help',
    description: 'List the commands and how to use them',
    options: [],
    async run() {
      const items = all().flatMap((c) =>
        isGroup(c) ? c.subcommands.map((s) => usage(`${c.name} ${s.name}`, s)) : [usage(c.name, c)],
      );
      return {
        title: 'Commands',
        sections: [
          { heading: 'Usage', items },
          {
            heading: 'Tips',
            items: [
              'Options are written `name: value`; the first one may be given without its name: `/ask Who is Tsepkalo?`',
              'Follow-up questions continue the conversation (`What does he want?`): in the terminal, any line that is not a command; on Discord, a message in a briefing’s thread, a reply to the bot, or a mention.',
            ],
          },
        ],
        sources: [],
      };
    },
  };
}

function usage(name: string, command: LeafCommand): string {
  const options = command.options.map((o) => formatOption(o)).join(' ');
  return `/${name}${options ? ` ${options}` : ''}: ${command.description}`;
}

function formatOption(o: OptionSpec): string {
  const value = o.choices ? o.choices.join('|') : o.name;
  return o.required ? `${o.name}: <${value}>` : `[${o.name}: ${value}]`;
}
