import { unfollowFeed } from '../feeds/feed-admin.ts';
import { defineCommand } from './command.ts';
import { FEED_ID_OPTION } from './feed-options.ts';
import { withFeeds } from './feed-run.ts';

export const feedRemoveCommand = defineCommand({
  name: 'remove',
  description: 'Stop following a feed (its stored articles stay)',
  preconditions: ['manage'],
  options: [FEED_ID_OPTION],
  run: (options, ctx) => withFeeds(ctx, (deps) => unfollowFeed(deps, ctx.tenant, options.id)),
});
