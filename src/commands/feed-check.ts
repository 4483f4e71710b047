import { checkFeed } from '../feeds/feed-admin.ts';
import type { LeafCommand } from './command.ts';
import { FEED_ID_OPTION } from './feed-options.ts';
import { withFeeds } from './feed-run.ts';

export const feedCheckCommand: LeafCommand = {
  name: 'check',
  description: 'Poll a feed now',
  mutates: true,
  expensive: true,
  options: [FEED_ID_OPTION],
  run: (options, ctx) => withFeeds(ctx, (deps) => checkFeed(deps, ctx.tenant, options.id as number)),
};
