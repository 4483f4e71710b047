import { defineCommand } from './command.ts';
import { composeDigest } from './digest-compose.ts';
import { digestText } from './digest-text.ts';
import { messageReply } from './reply.ts';

const DAY_MS = 86_400_000;

export const digestPreviewCommand = defineCommand({
  name: 'preview',
  description: 'The digest as it would be posted now, only to you (records nothing)',
  options: [
    { name: 'id', description: 'A scheduled digest (see /digest list)', type: 'integer', min: 1 },
    { name: 'topic', description: 'Or a topic', type: 'string', maxLength: 200 },
  ],
  async run(options, ctx) {
    const now = ctx.services.clock.now();
    const schedule =
      options.id !== undefined
        ? await ctx.services.digests.getSchedule(ctx.tenant, String(options.id))
        : undefined;
    if (options.id !== undefined && !schedule)
      return messageReply(digestText.notFound(options.id), 'not-found');
    const shape = schedule ?? { topic: options.topic, length: 'standard' as const, timezone: 'UTC' };
    const reply = await composeDigest(ctx, shape, new Date(now.getTime() - DAY_MS), now);
    return { ...reply, error: undefined, ephemeral: true, footer: digestText.previewTitleNote };
  },
});
