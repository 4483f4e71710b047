import { listFeedsReply } from '../feeds/feed-admin.ts';
import { defineCommand } from './command.ts';
import { withFeeds } from './feed-run.ts';

export const feedListCommand = defineCommand({
  name: 'list',
  description: 'Feeds this server follows, with their state',
  options: [],
  run: (_options, ctx) => withFeeds(ctx, (deps) => listFeedsReply(deps, ctx.tenant)),
});
