import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type CommandContext, TERMINAL_CHANNEL_ID } from '../../commands/command.ts';
import { messages } from '../../commands/messages.ts';
import { messageReply, type Reply } from '../../commands/reply.ts';
import { runCommand, runFollowUp } from '../../commands/run-command.ts';
import type { RawOptions } from '../../commands/validate-options.ts';
import { readLocalDocument } from './local-files.ts';
import { parseLine } from './parse-line.ts';
import { renderText } from './render-text.ts';

export interface ShellOptions {
  input: Readable;
  output: Writable;
  context: CommandContext;
  /** Interactive: prompt, banner and history. Otherwise one reply per input line, for scripts. */
  interactive: boolean;
  history?: string[] | undefined;
  onHistory?: ((history: string[]) => void) | undefined;
  banner?: string | undefined;
}

const PROMPT = 'briefing> ';

/** The terminal transport: reads lines, runs commands or follow-ups, prints replies. Resolves at end of input. */
export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, context, interactive } = options;
  const rl: Interface = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    history: options.history ? [...options.history] : [],
    historySize: 500,
    removeHistoryDuplicates: true,
  });
  const write = (text: string) => output.write(`${text}\n`);
  if (interactive && options.banner) write(options.banner);
  if (interactive) {
    rl.setPrompt(PROMPT);
    rl.prompt();
    rl.on('history', (h: string[]) => options.onHistory?.(h));
  }
  // Lines are handled one at a time, in order, even when a script pipes them all at once.
  for await (const line of rl) {
    if (/^\s*\/(quit|exit)\s*$/i.test(line)) break;
    const reply = await handleLineSafely(line, context);
    // Scripted runs print a transcript: each reply follows the line that asked for it.
    if (!interactive && line.trim()) write(`${PROMPT}${line.trim()}`);
    if (reply) write(`${renderText(reply)}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}

/** A line never ends the session: anything unexpected becomes a logged, generic reply. */
async function handleLineSafely(line: string, context: CommandContext): Promise<Reply | undefined> {
  try {
    return await handleLine(line, context);
  } catch (error) {
    context.services.logger.error({ err: error }, 'shell line failed');
    return messageReply(messages.internal, 'internal');
  }
}

/** One line in, one reply out (or none for a blank line). */
export async function handleLine(line: string, context: CommandContext): Promise<Reply | undefined> {
  const parsed = parseLine(line);
  if (parsed.kind === 'empty') return undefined;
  if (parsed.kind === 'message') return runFollowUp(parsed.text, context);
  const options: RawOptions = { ...parsed.invocation.options };
  // Attachments in the terminal are local paths: read them here, where file access belongs.
  for (const spec of parsed.specs) {
    const value = options[spec.name];
    // The terminal is the only channel there is: any value of a channel option names it.
    if (spec.type === 'channel' && typeof value === 'string' && value.trim()) {
      options[spec.name] = TERMINAL_CHANNEL_ID;
      continue;
    }
    if (spec.type !== 'attachment' || typeof value !== 'string' || !value) continue;
    const path = value.replace(/^["']|["']$/g, '');
    const doc = readLocalDocument(path);
    if (!doc.ok) return messageReply(`Not added: ${path} ${doc.message}.`, 'rejected');
    options[spec.name] = doc.value;
  }
  return runCommand({ ...parsed.invocation, options }, context);
}
