/** Every user-facing sentence that is not article content lives here, so wording stays consistent. */
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
  addNeedsInput: '/article add needs either `text` or `file`.',
  addOneInput: '/article add takes `text` or `file`, not both.',
  emptyQuestion: 'Ask a question, e.g. `Who is Valery Tsepkalo?`',
};

/** The small print that says how an answer was made, so extractive output is never mistaken for generated text. */
export function engineFooter(engine: BriefingEngine, what: 'answer' | 'briefing'): string {
  return engine.extractive
    ? `Extractive ${what} (offline engine): sentences are taken from the sources as written.`
    : `Generated ${what} (${engine.id}); quotes checked against the sources.`;
}
