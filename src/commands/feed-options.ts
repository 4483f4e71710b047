import type { OptionSpec } from './command.ts';

/** The required feed number of /feed remove, check and resume. */
export const FEED_ID_OPTION = {
  name: 'id',
  description: 'The feed number (see /feed list)',
  type: 'integer',
  required: true,
  min: 1,
} as const satisfies OptionSpec;
