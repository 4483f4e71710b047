import { checkFeed } from '../feeds/feed-admin.ts';
import { defineCommand } from './command.ts';
import { FEED_ID_OPTION } from './feed-options.ts';
import { withFeeds } from './feed-run.ts';

export const feedCheckCommand = defineCommand({
  name: 'check',
  description: 'Poll a feed now',
  preconditions: ['manage', 'rate-limited'],
  expensive: true,
  options: [FEED_ID_OPTION],
  run: (options, ctx) => withFeeds(ctx, (deps) => checkFeed(deps, ctx.tenant, options.id)),
});
