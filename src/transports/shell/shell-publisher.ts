import type { Writable } from 'node:stream';
import type { Reply } from '../../commands/reply.ts';
import type {
  AccessOutcome,
  Destination,
  FindPostOutcome,
  Publisher,
  PublishOptions,
  PublishOutcome,
} from '../../core/publisher.ts';
import { TERMINAL_CHANNEL_ID as TERMINAL_CHANNEL } from '../../core/publisher.ts';
import { renderText } from './render-text.ts';

/**
 * The terminal is the shell tenant's one channel: posts are printed there, and the post's
 * conversation becomes the terminal's (its "thread" is the terminal session). A terminal keeps no
 * history to search, so a post lost to a crash is reported as not found and posted again, which
 * for a terminal is the better mistake.
 */
export class ShellPublisher implements Publisher {
  private posted = 0;

  constructor(
    private readonly output: Writable,
    /** The terminal's conversation: a post's follow-ups are simply the next lines typed. */
    private readonly conversationId: string,
    /** Called after a post is printed (e.g. to redraw the prompt). */
    private readonly afterPost: () => void = () => {},
  ) {}

  async publish(destination: Destination, reply: Reply, options: PublishOptions): Promise<PublishOutcome> {
    // Another transport's channel (a Discord server's, on a shared data dir) is not ours to judge:
    // transient, so nothing is disabled and the process that serves it posts there.
    if (destination.channelId !== TERMINAL_CHANNEL)
      return { ok: false, code: 'TRANSIENT', message: 'Only the terminal can be posted to here.' };
    this.posted += 1;
    const messageId = `${options.kind}-${options.runId ?? this.posted}`;
    this.output.write(`\n${renderText(reply)}\n\n`);
    this.afterPost();
    return { ok: true, ref: { channelId: TERMINAL_CHANNEL, messageId, threadId: this.conversationId } };
  }

  async findPost(): Promise<FindPostOutcome> {
    return { found: false };
  }

  async checkAccess(destination: Destination): Promise<AccessOutcome> {
    return destination.channelId === TERMINAL_CHANNEL
      ? { ok: true }
      : { ok: false, code: 'CHANNEL_GONE', missing: [] };
  }
}
