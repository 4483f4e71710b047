import type { DigestSchedule } from '../digests/digest-store.ts';
import { localDateTimeOf } from '../digests/schedule-time.ts';
import { defineCommand } from './command.ts';
import { digestText } from './digest-text.ts';
import { channelLabel } from './digest-where.ts';
import { messageReply } from './reply.ts';

export const digestListCommand = defineCommand({
  name: 'list',
  description: 'The scheduled digests: where, when, next post, last result',
  options: [],
  async run(_options, ctx) {
    const schedules = await ctx.services.digests.listSchedules(ctx.tenant);
    if (schedules.length === 0) return messageReply(digestText.noSchedules);
    return {
      title: digestText.listTitle,
      sections: [{ heading: `${schedules.length} scheduled`, items: schedules.map(describe) }],
      sources: [],
    };
  },
});

/** One schedule on one line: what, where, when, next post, last result, and why it stopped if it did. */
function describe(schedule: DigestSchedule): string {
  const where = channelLabel(schedule.channelId);
  const parts = [
    `#${schedule.id} ${where}`,
    digestText.schedule(schedule.time, schedule.timezone, schedule.days),
    schedule.topic ? `topic “${schedule.topic}”` : undefined,
    schedule.length,
  ];
  if (schedule.disabled) parts.push(digestText.disabledState(schedule.disabled.code, schedule.id, where));
  else if (schedule.pausedAt) parts.push(digestText.pausedState);
  else if (schedule.nextDueAt)
    parts.push(
      digestText.nextPost(
        localDateTimeOf(schedule.timezone, schedule.nextDueAt),
        Math.floor(schedule.nextDueAt.getTime() / 1000),
      ),
    );
  if (schedule.lastRun) parts.push(digestText.lastResult(schedule.lastRun.state, schedule.lastRun.localDate));
  return parts.filter(Boolean).join(' · ');
}
