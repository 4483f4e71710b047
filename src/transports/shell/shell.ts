import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Dispatcher } from '../../commands/dispatcher.ts';
import { messages, storeFault } from '../../commands/messages.ts';
import type { Caller } from '../../commands/preconditions.ts';
import { messageReply, type Reply } from '../../commands/reply.ts';
import type { RawOptions } from '../../commands/validate-options.ts';
import { StoreError } from '../../core/errors.ts';
import { TERMINAL_CHANNEL_ID as TERMINAL_CHANNEL } from '../../core/publisher.ts';
import { readLocalDocument } from './local-files.ts';
import { parseLine } from './parse-line.ts';
import { renderText } from './render-text.ts';

export interface ShellOptions {
  input: Readable;
  output: Writable;
  /** Runs every line's command. */
  dispatcher: Dispatcher;
  /** The terminal's user, tenant and conversation. */
  caller: Caller;
  /** Interactive: prompt, banner and history. Otherwise one reply per input line, for scripts. */
  interactive: boolean;
  history?: string[] | undefined;
  onHistory?: ((history: string[]) => void) | undefined;
  banner?: string | undefined;
}

const PROMPT = 'briefing> ';

/** The terminal transport: reads lines, runs commands or follow-ups, prints replies. Resolves at end of input. */
export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, interactive } = options;
  const session: ShellSession = { dispatcher: options.dispatcher, caller: options.caller };
  const rl: Interface = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    history: options.history ? [...options.history] : [],
    historySize: 500,
    removeHistoryDuplicates: true,
  });
  // A reader that goes away (`| head`) closes the pipe: stop reading and writing, end quietly.
  let closed = false;
  output.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
    rl.close();
  });
  const write = (text: string) => {
    if (!closed) output.write(`${text}\n`);
  };
  if (interactive && options.banner) write(options.banner);
  if (interactive) {
    rl.setPrompt(PROMPT);
    rl.prompt();
    rl.on('history', (h: string[]) => options.onHistory?.(h));
  }
  // Lines are handled one at a time, in order, even when a script pipes them all at once.
  for await (const line of rl) {
    if (closed || /^\s*\/(quit|exit)\s*$/i.test(line)) break;
    const reply = await handleLineSafely(line, session);
    // Scripted runs print a transcript: each reply follows the line that asked for it.
    if (!interactive && line.trim()) write(`${PROMPT}${line.trim()}`);
    if (reply) write(`${renderText(reply)}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
}

/** What every line runs with. */
export interface ShellSession {
  dispatcher: Dispatcher;
  caller: Caller;
}

/** A line never ends the session: anything unexpected becomes a logged, generic reply. */
async function handleLineSafely(line: string, session: ShellSession): Promise<Reply | undefined> {
  try {
    return await handleLine(line, session);
  } catch (error) {
    session.dispatcher.services.logger.error({ err: error }, 'shell line failed');
    if (error instanceof StoreError && error.kind !== 'internal')
      return messageReply(storeFault(error.kind), 'store-fault');
    return messageReply(messages.internal, 'internal');
  }
}

/** One line in, one reply out (or none for a blank line). */
export async function handleLine(line: string, session: ShellSession): Promise<Reply | undefined> {
  const { dispatcher, caller } = session;
  const parsed = parseLine(line, dispatcher);
  if (parsed.kind === 'empty') return undefined;
  if (parsed.kind === 'message') {
    const options = { question: parsed.text };
    return dispatcher.dispatch({ trigger: 'follow-up', name: 'follow-up', options }, caller);
  }
  const options: RawOptions = { ...parsed.invocation.options };
  // Attachments in the terminal are local paths: read them here, where file access belongs.
  for (const spec of parsed.specs) {
    // In the terminal the terminal is the channel, so a channel option need not be typed.
    if (spec.type === 'channel' && options[spec.name] === undefined)
      options[spec.name] = { id: TERMINAL_CHANNEL };
    const value = options[spec.name];
    // The terminal is the only channel there is: any value of a channel option names it.
    if (spec.type === 'channel' && typeof value === 'string' && value.trim()) {
      options[spec.name] = { id: TERMINAL_CHANNEL };
      continue;
    }
    if (spec.type !== 'attachment' || typeof value !== 'string' || !value) continue;
    const path = value.replace(/^["']|["']$/g, '');
    const doc = readLocalDocument(path);
    if (!doc.ok) return messageReply(`Not added: ${path} ${doc.message}.`, 'rejected');
    options[spec.name] = doc.value;
  }
  return dispatcher.dispatch({ ...parsed.invocation, options }, caller);
}
