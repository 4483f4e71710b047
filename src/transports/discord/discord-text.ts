/** Every user-facing sentence the Discord transport adds (command replies come from commands/messages.ts). */
export const discordText = {
  shuttingDown: 'briefing-bot is restarting; try again in a minute.',
  attachmentTooLarge: (mb: string, limitMb: number) =>
    `Not added: the file is ${mb} MB; the limit is ${limitMb} MB.`,
  attachmentUnavailable: 'Not added: the file could not be downloaded from Discord. Please try again.',
  followUpTitle: 'Ask a follow-up',
  followUpLabel: 'Your question',
  followUpPlaceholder: 'e.g. What does he want?',
  sourcesButton: 'Sources',
  askButton: 'Ask a follow-up',
  threadName: (title: string) => title,
} as const;
