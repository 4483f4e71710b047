import { buildDigest } from '../briefing/build-digest.ts';
import type { DigestSchedule } from '../digests/digest-store.ts';
import { localDateOf, localDateTimeOf } from '../digests/schedule-time.ts';
import { type CommandContext, defineCommand } from './command.ts';
import { digestReply, emptyDigestReply } from './digest-reply.ts';
import { digestText } from './digest-text.ts';
import { messages } from './messages.ts';
import { messageReply, type Reply } from './reply.ts';

/**
 * The digest a schedule posts for one run, composed for the scheduled trigger (the digest job
 * dispatches it, then publishes the reply). An empty window answers with `no-match`, so the job
 * can skip it or post the one line, as the schedule says.
 */
export const digestComposeCommand = defineCommand({
  name: 'digest-compose',
  description: 'The digest of one scheduled run',
  hidden: true,
  options: [
    { name: 'schedule', description: 'Schedule id', type: 'string', required: true },
    { name: 'from', description: 'Window start (ISO instant)', type: 'string', required: true },
    { name: 'to', description: 'Window end (ISO instant)', type: 'string', required: true },
  ],
  async run(options, ctx) {
    const schedule = await ctx.services.digests.getSchedule(ctx.tenant, options.schedule);
    if (!schedule) return messageReply(messages.internal, 'not-found');
    return composeDigest(ctx, schedule, new Date(options.from), new Date(options.to), ctx.conversationId);
  },
});

/** A schedule's digest over a window; with a conversation id it starts that conversation. */
export async function composeDigest(
  ctx: CommandContext,
  schedule: Pick<DigestSchedule, 'topic' | 'length' | 'timezone'>,
  from: Date,
  to: Date,
  conversationId?: string,
): Promise<Reply> {
  const heading = {
    topic: schedule.topic,
    localDate: localDateOf(schedule.timezone, to),
    window: digestText.windowSince(`${localDateTimeOf(schedule.timezone, from)} ${schedule.timezone}`),
  };
  const digest = await buildDigest(ctx.services, ctx.tenant, {
    from,
    to,
    topic: schedule.topic,
    length: schedule.length,
    conversationId,
  });
  if (!digest) return { ...emptyDigestReply(heading), error: 'no-match' };
  return digestReply(digest, heading, conversationId);
}
