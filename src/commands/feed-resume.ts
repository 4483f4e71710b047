import { resumeFeed } from '../feeds/feed-admin.ts';
import type { LeafCommand } from './command.ts';
import { FEED_ID_OPTION } from './feed-options.ts';
import { withFeeds } from './feed-run.ts';

export const feedResumeCommand: LeafCommand = {
  name: 'resume',
  description: 'Enable a disabled feed again',
  mutates: true,
  options: [FEED_ID_OPTION],
  run: (options, ctx) => withFeeds(ctx, (deps) => resumeFeed(deps, ctx.tenant, options.id as number)),
};
