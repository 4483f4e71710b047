import type { Clock } from '../core/clock.ts';
import type { Conversation, TenantId } from '../core/types.ts';
import type { ArticleStore } from '../store/article-store.ts';

/** How many turns a conversation keeps; older ones add little to follow-ups and bloat the row. */
const MAX_TURNS = 20;
const MAX_FOCUS = 5;

const PRONOUN = /\b(he|him|his|she|her|hers|they|them|their|theirs|it|its)\b/i;

/** True when a question leans on earlier turns ("What does he want?"). */
export function usesPronoun(question: string): boolean {
  return PRONOUN.test(question);
}

/** The saved conversation, or a fresh one. */
export async function loadConversation(
  store: ArticleStore,
  tenant: TenantId,
  id: string,
  clock: Clock,
): Promise<Conversation> {
  return (
    (await store.getConversation(tenant, id)) ?? {
      id,
      focusActors: [],
      articleIds: [],
      turns: [],
      updatedAt: clock.now().toISOString(),
    }
  );
}

/** Records a question and its answer, moving the actors just discussed to the front of the focus. */
export function recordExchange(
  conversation: Conversation,
  exchange: { question: string; answer: string; actors: string[] },
  clock: Clock,
): Conversation {
  const at = clock.now().toISOString();
  const focus = [...exchange.actors, ...conversation.focusActors.filter((a) => !exchange.actors.includes(a))];
  return {
    ...conversation,
    focusActors: focus.slice(0, MAX_FOCUS),
    turns: [
      ...conversation.turns,
      { role: 'user' as const, text: exchange.question, at },
      { role: 'bot' as const, text: exchange.answer, at },
    ].slice(-MAX_TURNS),
    updatedAt: at,
  };
}

/** A conversation started by a briefing: follow-ups prefer its articles and its main actors. */
export function startFromBriefing(
  id: string,
  briefing: { topic?: string | undefined; articleIds: number[]; actors: string[]; summary: string },
  clock: Clock,
): Conversation {
  const at = clock.now().toISOString();
  return {
    id,
    topic: briefing.topic,
    articleIds: briefing.articleIds,
    // "What does he want?" right after a briefing is about its most important actor.
    focusActors: briefing.actors.slice(0, MAX_FOCUS),
    turns: [{ role: 'bot', text: briefing.summary, at }],
    updatedAt: at,
  };
}

/**
 * A reply that started a conversation was posted: the same conversation is saved under the ids
 * of what was posted (message, thread), so follow-ups there continue it.
 */
export async function anchorConversation(
  store: ArticleStore,
  tenant: TenantId,
  fromId: string,
  toIds: readonly string[],
): Promise<void> {
  const conversation = await store.getConversation(tenant, fromId);
  if (!conversation) return;
  for (const id of toIds) {
    if (id !== fromId) await store.saveConversation(tenant, { ...conversation, id });
  }
}
