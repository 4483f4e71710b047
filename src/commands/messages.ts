/** Every user-facing sentence that is not article content lives here, so wording stays consistent. */
import { StoreError, type StoreFaultKind } from '../core/errors.ts';
import { formatWait } from '../core/rate-limiter.ts';
import type { BriefingEngine } from '../llm/engine.ts';

export const messages = {
  noArticles: 'No articles stored yet. Add one with `/article add` (text or file).',
  noArticlesMatch: (topic: string) =>
    `No stored articles match "${topic}". Try another topic, or \`/article list\`.`,
  noArticlesSince: (since: string) => `No stored articles since ${since}.`,
  articleNotFound: (id: number) => `There is no article #${id} in this server. See \`/article list\`.`,
  actorNotFound: (name: string) =>
    `No actor called "${name}" appears in the stored articles. See \`/actors\` for who does.`,
  noActors: 'The stored articles name no actors yet.',
  unsearchableTopic: (topic: string) =>
    `"${topic}" has no words to search for (only punctuation or very common words); try names or keywords.`,
  unknownCommand: (name: string) => `Unknown command /${name}. Type /help for the list.`,
  unknownSubcommand: (group: string, sub: string, subs: string[]) =>
    `/${group} has no subcommand "${sub}"; use one of: ${subs.join(', ')}.`,
  missingSubcommand: (group: string, subs: string[]) => `/${group} needs a subcommand: ${subs.join(', ')}.`,
  notAllowed: (name: string) => `Only members who can manage this server may use /${name}.`,
  guildOnly: 'briefing-bot works in servers; invite it to one and use it there.',
  rateLimited: (waitMs: number) =>
    `You are asking faster than the bot can brief. Try again in ${formatWait(waitMs)}.`,
  internal: 'Something went wrong on our side; the error was logged. Please try again.',
  articleAdded: (id: number, title: string, words: number, actors: number) =>
    `Added article #${id} “${title}” (${words} words, ${actors} actors).`,
  articleDuplicate: (id: number, title: string) =>
    `Already stored as article #${id} “${title}”; nothing added.`,
  articleNearDuplicate: (id: number, title: string) =>
    `Another copy of article #${id} “${title}” (the same story, lightly edited); listed as one of its sources, nothing else added.`,
  alsoPublishedBy: 'Also published by',
  articleRejected: (reason: string) => `Not added: ${reason}.`,
  articleRemoved: (id: number, title: string) => `Removed article #${id} “${title}”.`,
  addNeedsInput: '/article add needs a `url` to fetch, or `text` or a `file`.',
  addOneInput: '/article add takes `text` or `file`, not both.',
  noSources: 'The sources of this post are no longer stored.',
  sourcesTitle: 'Sources',
  emptyQuestion: 'Ask a question, e.g. `Who is Valery Tsepkalo?`',
};

/**
 * One sentence per storage fault: the cause and what to do. `file` names the database where the
 * reader runs the bot (the terminal); Discord members see the sentence without a server path.
 */
export function storeFault(kind: StoreFaultKind, file = 'the database file'): string {
  switch (kind) {
    case 'corrupt':
      return `The database is damaged (SQLite: “database disk image is malformed”): restore ${file} from a backup, or move it aside to start with an empty one.`;
    case 'not-a-database':
      return `${capitalise(file)} is not a SQLite database (truncated or overwritten): restore it from a backup, or move it aside to start with an empty one.`;
    case 'read-only':
      return `The database cannot be written (read-only file, folder or disk): check the permissions of ${file} and its folder, which the bot must be able to write.`;
    case 'full':
      return `The disk holding ${file} is full: free some space, then try again (nothing was half-stored).`;
    case 'cannot-open':
      return `${capitalise(file)} cannot be opened: check that its folder exists, is a folder and is writable by the bot.`;
    case 'busy':
      return 'The database is busy with another process that holds its lock: try again in a moment.';
    case 'unreachable':
      return 'The database server cannot be reached: check that PostgreSQL runs and that DATABASE_URL points at it (host, port, database, user), then try again.';
    case 'internal':
      return messages.internal;
  }
}

/** What to tell a person about a fault: the storage cause and remedy when known, else the generic line. */
export function faultMessage(error: unknown): string {
  return error instanceof StoreError && error.kind !== 'internal'
    ? storeFault(error.kind)
    : messages.internal;
}

/** Why a data dir cannot be used, and what to do about it. */
export const dataDirProblem = {
  empty: '--data-dir is empty: give a folder, e.g. --data-dir ./data (or unset it for the default).',
  notAFolder: (dir: string) => `The data dir ${dir} is a file, not a folder: give a folder with --data-dir.`,
  noPermission: (dir: string) =>
    `No permission to write in the data dir ${dir}: check its permissions, or choose another with --data-dir.`,
  readOnly: (dir: string) =>
    `The data dir ${dir} is on a read-only disk: choose a writable folder with --data-dir.`,
  full: (dir: string) => `The disk holding the data dir ${dir} is full: free some space, then try again.`,
  cannotCreate: (dir: string, reason: string) =>
    `The data dir ${dir} cannot be created (${reason}): check the path and its parent folder's permissions.`,
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The small print that says how an answer was made, so extractive output is never mistaken for generated text. */
export function engineFooter(engine: BriefingEngine, what: 'answer' | 'briefing'): string {
  return engine.extractive
    ? `Extractive ${what} (offline engine): sentences are taken from the sources as written.`
    : `Generated ${what} (${engine.id}); quotes checked against the sources.`;
}
