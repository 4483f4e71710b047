import { DIGEST_LENGTHS, WHEN_EMPTY_CHOICES } from '../digests/digest-store.ts';
import { DIGEST_DAYS, localDateTimeOf, parseTime, parseTimeZone } from '../digests/schedule-time.ts';
import { defineCommand } from './command.ts';
import { digestText } from './digest-text.ts';
import { channelLabel } from './digest-where.ts';
import { messageReply } from './reply.ts';

export const digestSetCommand = defineCommand({
  name: 'set',
  description: 'Post a daily digest into a channel at a local time',
  preconditions: ['manage'],
  options: [
    {
      name: 'time',
      description: 'Local time, 24-hour HH:MM (e.g. 08:00)',
      type: 'string',
      required: true,
      maxLength: 5,
    },
    {
      name: 'timezone',
      description: 'IANA time zone, e.g. Europe/Berlin',
      type: 'string',
      required: true,
      maxLength: 64,
      autocomplete: 'timezone',
    },
    { name: 'channel', description: 'Where to post it', type: 'channel', required: true },
    { name: 'topic', description: 'Only articles about this topic', type: 'string', maxLength: 200 },
    { name: 'length', description: 'How long the digest is', type: 'string', choices: DIGEST_LENGTHS },
    { name: 'days', description: 'Every day, or Monday to Friday', type: 'string', choices: DIGEST_DAYS },
    {
      name: 'when-empty',
      description: 'With no new articles: post nothing, or one line',
      type: 'string',
      choices: WHEN_EMPTY_CHOICES,
    },
  ],
  async run(options, ctx) {
    const time = parseTime(options.time);
    if (!time.ok) return messageReply(time.message, 'bad-option');
    const timezone = parseTimeZone(options.timezone);
    if (!timezone.ok) return messageReply(timezone.message, 'bad-option');
    const where = channelLabel(options.channel.id);
    const access = await ctx.services.publisher?.checkAccess({
      tenant: ctx.tenant,
      channelId: options.channel.id,
    });
    if (access && !access.ok) {
      return messageReply(
        access.code === 'CHANNEL_GONE'
          ? digestText.channelGone(where)
          : digestText.missingAccess(where, access.missing),
        'not-allowed',
      );
    }
    const { schedule, created } = await ctx.services.digests.upsertSchedule(ctx.tenant, {
      channelId: options.channel.id,
      time: time.value,
      timezone: timezone.value,
      topic: options.topic,
      length: options.length ?? 'standard',
      days: options.days ?? 'daily',
      whenEmpty: options['when-empty'] ?? 'skip',
      createdBy: ctx.userId,
    });
    const when = digestText.schedule(schedule.time, schedule.timezone, schedule.days);
    const next = schedule.nextDueAt ? localDateTimeOf(schedule.timezone, schedule.nextDueAt) : undefined;
    return messageReply(digestText.saved(schedule.id, created, when, where, next));
  },
});
