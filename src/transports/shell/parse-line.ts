import { isGroup, type OptionSpec } from '../../commands/command.ts';
import { findCommand } from '../../commands/registry.ts';
import type { Invocation } from '../../commands/run-command.ts';

export type ParsedLine =
  | { kind: 'command'; invocation: Invocation; specs: readonly OptionSpec[] }
  | { kind: 'message'; text: string }
  | { kind: 'empty' };

/**
 * Reads a terminal line the way Discord reads a slash command: `/ask question: Who is X?`,
 * with the first required option (or the first option) allowed without its name: `/ask Who is X?`.
 * Unknown commands still parse, so the command runner gives the one message for them.
 */
export function parseLine(line: string): ParsedLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'message', text };
  const [, name = '', rest = ''] = text.match(/^\/(\S*)\s*([\s\S]*)$/) ?? [];
  const command = findCommand(name);
  if (!command) return { kind: 'command', invocation: { name, options: {} }, specs: [] };
  if (!isGroup(command)) {
    return {
      kind: 'command',
      invocation: { name, options: parseOptions(rest, command.options) },
      specs: command.options,
    };
  }
  const [, sub = '', subRest = ''] = rest.match(/^(\S*)\s*([\s\S]*)$/) ?? [];
  const leaf = command.subcommands.find((s) => s.name === sub.toLowerCase());
  const specs = leaf?.options ?? [];
  return {
    kind: 'command',
    invocation: { name, subcommand: sub || undefined, options: leaf ? parseOptions(subRest, specs) : {} },
    specs,
  };
}

/** Splits `free text name: value other: value` into options; unknown `word:` tokens stay part of values. */
export function parseOptions(rest: string, specs: readonly OptionSpec[]): Record<string, string> {
  const options: Record<string, string> = {};
  if (!rest.trim()) return options;
  const names = specs.map((s) => s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const marker = names.length > 0 ? new RegExp(`(?:^|\\s)(${names.join('|')}):(?=\\s|$)`, 'gi') : undefined;
  const marks = marker ? [...rest.matchAll(marker)] : [];
  const leading = (marks[0] ? rest.slice(0, marks[0].index) : rest).trim();
  if (leading) {
    const positional = specs.find((s) => s.required) ?? specs[0];
    // With nowhere to put it, keep it under a name the validator will reject with a clear message.
    options[positional?.name ?? 'text'] = leading;
  }
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = marks[i + 1]?.index ?? rest.length;
    options[m[1]!.toLowerCase()] = rest.slice(start, end).trim();
  });
  return options;
}
