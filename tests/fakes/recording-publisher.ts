import type { Reply } from '../../src/commands/reply.ts';
import type {
  Destination,
  FindPostOutcome,
  PublishedRef,
  Publisher,
  PublishOptions,
  PublishOutcome,
} from '../../src/core/publisher.ts';

export interface RecordedPost {
  destination: Destination;
  reply: Reply;
  options: PublishOptions;
  ref: PublishedRef;
}

/**
 * A Publisher that records what would be posted. Outcomes can be scripted (a failure code for the
 * next calls); `findPost` finds a recorded post by its run id, as Discord's message history would.
 */
export class RecordingPublisher implements Publisher {
  readonly posts: RecordedPost[] = [];
  readonly failures: PublishOutcome[] = [];
  private nextId = 1;

  /** The next publish calls fail with these outcomes, in order. */
  failNext(...outcomes: Extract<PublishOutcome, { ok: false }>[]): void {
    this.failures.push(...outcomes);
  }

  async publish(destination: Destination, reply: Reply, options: PublishOptions): Promise<PublishOutcome> {
    const failure = this.failures.shift();
    if (failure) return failure;
    const ref: PublishedRef = { channelId: destination.channelId, messageId: `m${this.nextId++}` };
    this.posts.push({ destination, reply, options, ref });
    return { ok: true, ref };
  }

  async findPost(destination: Destination, options: PublishOptions): Promise<FindPostOutcome> {
    const post = this.posts.find(
      (p) =>
        p.destination.tenant === destination.tenant &&
        p.destination.channelId === destination.channelId &&
        p.options.runId === options.runId,
    );
    return post ? { found: true, ref: post.ref } : { found: false };
  }
}
