import { localDateTimeOf } from '../digests/schedule-time.ts';
import { defineCommand, type OptionSpec } from './command.ts';
import { digestText } from './digest-text.ts';
import { messageReply } from './reply.ts';

const DIGEST_ID_OPTION = {
  name: 'id',
  description: 'The digest number (see /digest list)',
  type: 'integer',
  required: true,
  min: 1,
} as const satisfies OptionSpec;

export const digestPauseCommand = defineCommand({
  name: 'pause',
  description: 'Stop a digest until resumed',
  preconditions: ['manage'],
  options: [DIGEST_ID_OPTION],
  async run(options, ctx) {
    const paused = await ctx.services.digests.pauseSchedule(ctx.tenant, String(options.id));
    if (!paused) return messageReply(digestText.notFound(options.id), 'not-found');
    return messageReply(digestText.paused(options.id));
  },
});

export const digestResumeCommand = defineCommand({
  name: 'resume',
  description: 'Start a paused or disabled digest again',
  preconditions: ['manage'],
  options: [DIGEST_ID_OPTION],
  async run(options, ctx) {
    const resumed = await ctx.services.digests.resumeSchedule(ctx.tenant, String(options.id));
    if (!resumed) return messageReply(digestText.notFound(options.id), 'not-found');
    const next = resumed.nextDueAt ? localDateTimeOf(resumed.timezone, resumed.nextDueAt) : 'soon';
    return messageReply(digestText.resumed(options.id, `${next} ${resumed.timezone}`));
  },
});

export const digestRemoveCommand = defineCommand({
  name: 'remove',
  description: 'Delete a digest schedule',
  preconditions: ['manage'],
  options: [DIGEST_ID_OPTION],
  async run(options, ctx) {
    const removed = await ctx.services.digests.removeSchedule(ctx.tenant, String(options.id));
    if (!removed) return messageReply(digestText.notFound(options.id), 'not-found');
    return messageReply(digestText.removed(options.id));
  },
});
