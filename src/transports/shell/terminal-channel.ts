/** The terminal's one channel: where `channel` options point and where digests are posted. */
export const TERMINAL_CHANNEL = 'terminal';
