import { type FeedDeps, feedDeps } from '../feeds/feed-deps.ts';
import { feedMessages } from '../feeds/feed-messages.ts';
import type { CommandContext } from './command.ts';
import { messageReply, type Reply } from './reply.ts';

/** Runs a feed use-case with the feed ports, or says feeds are not wired here. */
export async function withFeeds(
  ctx: CommandContext,
  run: (deps: FeedDeps) => Promise<Reply>,
): Promise<Reply> {
  const deps = feedDeps(ctx.services);
  if (!deps) return messageReply(feedMessages.notConfigured, 'rejected');
  return run(deps);
}
