import { unfollowFeed } from '../feeds/feed-admin.ts';
import type { LeafCommand } from './command.ts';
import { FEED_ID_OPTION } from './feed-options.ts';
import { withFeeds } from './feed-run.ts';

export const feedRemoveCommand: LeafCommand = {
  name: 'remove',
  description: 'Stop following a feed (its stored articles stay)',
  mutates: true,
  options: [FEED_ID_OPTION],
  run: (options, ctx) => withFeeds(ctx, (deps) => unfollowFeed(deps, ctx.tenant, options.id as number)),
};
