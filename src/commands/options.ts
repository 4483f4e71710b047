import type { OptionSpec } from './command.ts';

/** The required article number of /article show and /article remove. */
export const ARTICLE_ID_OPTION = {
  name: 'id',
  description: 'The article number',
  type: 'integer',
  required: true,
  min: 1,
  autocomplete: 'article',
} as const satisfies OptionSpec;
