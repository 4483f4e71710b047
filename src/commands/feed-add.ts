import { followFeed } from '../feeds/feed-admin.ts';
import { FEED_SCHEDULE } from '../feeds/feed-schedule.ts';
import { defineCommand } from './command.ts';
import { withFeeds } from './feed-run.ts';

export const feedAddCommand = defineCommand({
  name: 'add',
  description: 'Follow an RSS, Atom or JSON feed; new items are stored (and announced)',
  preconditions: ['manage', 'rate-limited'],
  expensive: true,
  options: [
    {
      name: 'url',
      description: 'The feed address (http or https)',
      type: 'string',
      required: true,
      maxLength: 2000,
    },
    { name: 'topic', description: 'Keep only items about this topic', type: 'string', maxLength: 200 },
    { name: 'announce', description: 'Channel where new items are posted', type: 'channel' },
    {
      name: 'interval',
      description: `Minutes between polls (default ${FEED_SCHEDULE.defaultIntervalMinutes})`,
      type: 'integer',
      min: FEED_SCHEDULE.minIntervalMinutes,
      max: FEED_SCHEDULE.maxIntervalMinutes,
    },
  ],
  run: (options, ctx) =>
    withFeeds(ctx, (deps) =>
      followFeed(deps, ctx.tenant, {
        url: options.url,
        topic: options.topic,
        announceChannelId: options.announce?.id,
        intervalMinutes: options.interval,
      }),
    ),
});
