import { resumeFeed } from '../feeds/feed-admin.ts';
import { defineCommand } from './command.ts';
import { FEED_ID_OPTION } from './feed-options.ts';
import { withFeeds } from './feed-run.ts';

export const feedResumeCommand = defineCommand({
  name: 'resume',
  description: 'Enable a disabled feed again',
  preconditions: ['manage'],
  options: [FEED_ID_OPTION],
  run: (options, ctx) => withFeeds(ctx, (deps) => resumeFeed(deps, ctx.tenant, options.id)),
});
