import type { OptionSpec } from '../../commands/command.ts';
import type { Dispatcher, Invocation } from '../../commands/dispatcher.ts';

export type ParsedLine =
  | { kind: 'command'; invocation: Invocation; specs: readonly OptionSpec[] }
  | { kind: 'message'; text: string }
  | { kind: 'empty' };

/**
 * Reads a terminal line the way Discord reads a slash command: `/ask question: Who is X?`,
 * with the first required option (or the first option) allowed without its name: `/ask Who is X?`.
 * The dispatcher resolves the command once (the options need its specs); an unknown command
 * still parses, so the dispatcher gives the one message for it.
 */
export function parseLine(line: string, dispatcher: Pick<Dispatcher, 'resolveText'>): ParsedLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'message', text };
  const [, name = '', rest = ''] = text.match(/^\/(\S*)\s*([\s\S]*)$/) ?? [];
  const [, word = '', afterWord = ''] = rest.match(/^(\S*)\s*([\s\S]*)$/) ?? [];
  const { resolution, usedNextWord } = dispatcher.resolveText('shell', name, word || undefined);
  const optionText = usedNextWord ? afterWord : rest;
  const specs = resolution.ok ? resolution.command.options : [];
  return {
    kind: 'command',
    invocation: {
      trigger: 'shell',
      name,
      subcommand: usedNextWord ? word || undefined : undefined,
      options: resolution.ok ? parseOptions(optionText, specs) : {},
      resolved: resolution,
    },
    specs,
  };
}

/**
 * Splits `free text name: value other: value` into options. Text is never silently cut:
 * a `name:` marker counts only for an option not yet given (so "What did the question: mean?"
 * stays one question), a number option's marker only when a number follows, and a value in
 * double quotes (`text: "… title: …"`) is taken whole.
 */
export function parseOptions(rest: string, specs: readonly OptionSpec[]): Record<string, string> {
  const options: Record<string, string> = {};
  if (!rest.trim()) return options;
  const byName = new Map(specs.map((s) => [s.name.toLowerCase(), s]));
  const positional = specs.find((s) => s.required) ?? specs[0];
  const given = new Set<string>();
  const accepted: { name: string; start: number; valueStart: number; valueEnd?: number }[] = [];
  let quotedUntil = -1;
  for (const m of rest.matchAll(/(^|\s)([A-Za-z][A-Za-z-]*):(?=\s|$)/g)) {
    const start = m.index + m[1]!.length;
    if (start < quotedUntil) continue;
    const spec = byName.get(m[2]!.toLowerCase());
    if (!spec) continue;
    if (accepted.length === 0 && positional && rest.slice(0, start).trim()) given.add(positional.name);
    if (given.has(spec.name)) continue;
    const valueStart = m.index + m[0].length;
    const after = rest.slice(valueStart);
    if (spec.type === 'integer' && !/^\s*#?[-+]?\d/.test(after)) continue;
    given.add(spec.name);
    const quoted = after.match(/^\s*"([\s\S]*?)"(?=\s|$)/);
    if (quoted) {
      quotedUntil = valueStart + quoted[0].length;
      accepted.push({ name: spec.name, start, valueStart, valueEnd: quotedUntil });
    } else {
      accepted.push({ name: spec.name, start, valueStart });
    }
  }
  const leading = rest.slice(0, accepted[0]?.start ?? rest.length).trim();
  // A command without options still gets its stray text, under a name the validator explains.
  if (leading) options[positional?.name ?? EXTRA_TEXT] = leading;
  accepted.forEach((a, i) => {
    const raw = rest.slice(a.valueStart, a.valueEnd ?? accepted[i + 1]?.start ?? rest.length).trim();
    options[a.name] = a.valueEnd !== undefined ? raw.replace(/^"|"$/g, '') : raw;
  });
  return options;
}

/** Where text goes when a command takes no options at all. */
export const EXTRA_TEXT = 'text';
