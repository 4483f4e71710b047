import type { DisableCode } from '../digests/digest-store.ts';

/** Every sentence the digest commands and posts show. */
export const digestText = {
  title: (topic: string | undefined, localDate: string) =>
    topic ? `Daily digest: ${topic} (${localDate})` : `Daily digest (${localDate})`,
  overview: (articles: number, stories: number, more: number, window: string) =>
    `${articles} article${articles === 1 ? '' : 's'} ${window}, in ${stories} ${stories === 1 ? 'story' : 'stories'}${more > 0 ? ` (and ${more} more)` : ''}.`,
  empty: (topic: string | undefined, window: string) =>
    topic ? `No new articles about “${topic}” ${window}.` : `No new articles ${window}.`,
  actorsLabel: 'Actors',
  mostInNews: 'Most in the news',
  footer: 'Built from the stored articles; ask follow-up questions in the thread.',
  windowSince: (local: string) => `since ${local}`,
  saved: (id: string, created: boolean, when: string, where: string, next: string | undefined) =>
    `${created ? 'Scheduled' : 'Updated'} digest #${id}: ${when} in ${where}${next ? `; next post ${next}` : ''}.`,
  schedule: (time: string, zone: string, days: string) =>
    `${time} ${zone}${days === 'weekdays' ? ', Monday to Friday' : ', every day'}`,
  missingAccess: (where: string, missing: string[]) =>
    `I can't post in ${where}: I need ${missing.join(', ')} there. Give me those and try again.`,
  channelGone: (where: string) => `I can't see ${where}; pick a channel I can view.`,
  noSchedules: 'No digests are scheduled here. Add one with `/digest set`.',
  notFound: (id: number) => `There is no digest #${id} in this server. See \`/digest list\`.`,
  paused: (id: number) =>
    `Paused digest #${id}; \`/digest resume id: ${id}\` starts it again (missed days are not caught up).`,
  resumed: (id: number, next: string) => `Resumed digest #${id}; next post ${next}.`,
  removed: (id: number) => `Removed digest #${id}.`,
  listTitle: 'Scheduled digests',
  nextPost: (local: string, unix: number) => `next ${local} (<t:${unix}:R>)`,
  pausedState: 'paused: `/digest resume` starts it again',
  lastResult: (state: string, date: string) => `last: ${state} for ${date}`,
  disabledState: (code: DisableCode, id: string, where: string) =>
    `disabled: ${disableHelp(code, id, where)}`,
  previewTitleNote: 'Preview: only you see this, and nothing is recorded.',
};

/** Why a schedule stopped, and what fixes it. */
function disableHelp(code: DisableCode, id: string, where: string): string {
  switch (code) {
    case 'CHANNEL_GONE':
      return `${where} is gone or hidden from me. Run \`/digest set\` for another channel, or \`/digest remove id: ${id}\`.`;
    case 'MISSING_PERMISSIONS':
      return `I lack permissions in ${where} (View Channel, Send Messages, Embed Links, Read Message History). Grant them, then \`/digest resume id: ${id}\`.`;
    case 'BAD_FORMAT':
      return `Discord refused the digest's format. \`/digest resume id: ${id}\` tries again; if it repeats, report it.`;
  }
}
