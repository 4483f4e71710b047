import type { Clock } from '../core/clock.ts';
import { StoreError } from '../core/errors.ts';
import type { Conversation, TenantId } from '../core/types.ts';
import type { ConversationStore } from '../store/article-store.ts';

/** How many turns a conversation keeps; older ones add little to follow-ups and bloat the row. */
const MAX_TURNS = 20;
const MAX_FOCUS = 5;

const PRONOUN = /\b(he|him|his|she|her|hers|they|them|their|theirs|it|its)\b/i;

/** True when a question leans on earlier turns ("What does he want?"). */
export function usesPronoun(question: string): boolean {
  return PRONOUN.test(question);
}

const ELLIPSIS = /^\s*(?:and|but|what about|how about|also)\b/i;

/**
 * True when a question cannot be read without the previous exchange: "And Dubois?",
 * "What about the EU?", "Why?". Pronouns are not this: they are resolved into the question.
 */
export function needsHistory(question: string): boolean {
  const words = question.trim().split(/\s+/).filter(Boolean);
  return ELLIPSIS.test(question) || words.length <= 2;
}

/**
 * Writes the actor a pronoun stands for into the question ("What does he want?" → "What does
 * Anne Dubois want?"), so the question says all it means and needs no history: the same
 * follow-up in any conversation is then the same question.
 */
export function resolvePronoun(question: string, name: string): string {
  let done = false;
  return question.replace(
    /\b(he|him|she|they|them|his|hers|their|theirs|its|her)\b(\s+[\p{L}])?/giu,
    (whole, pronoun: string, next: string | undefined) => {
      if (done) return whole;
      done = true;
      const p = pronoun.toLowerCase();
      const possessive = ['his', 'hers', 'their', 'theirs', 'its'].includes(p) || (p === 'her' && next);
      return `${possessive ? `${name}’s` : name}${next ?? ''}`;
    },
  );
}

/** The saved conversation, or a fresh one. */
export async function loadConversation(
  store: ConversationStore,
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

/**
 * A conversation started by a briefing: follow-ups prefer its articles and its main actors. Its
 * turns start empty: history holds only people's questions and the checked answers they got.
 */
export function startFromBriefing(
  id: string,
  briefing: { topic?: string | undefined; articleIds: number[]; actors: string[] },
  clock: Clock,
): Conversation {
  const at = clock.now().toISOString();
  return {
    id,
    topic: briefing.topic,
    articleIds: briefing.articleIds,
    // "What does he want?" right after a briefing is about its most important actor.
    focusActors: briefing.actors.slice(0, MAX_FOCUS),
    turns: [],
    updatedAt: at,
  };
}

/** Attempts before a write that keeps losing to other writers gives up (each loss means another turn landed). */
const SAVE_ATTEMPTS = 8;

/**
 * Saves a question and its answer into the conversation: when another process saved a turn since
 * it was read, re-reads and applies the exchange to what is there, so neither turn is lost.
 */
export async function saveExchange(
  store: ConversationStore,
  tenant: TenantId,
  read: Conversation,
  exchange: { question: string; answer: string; actors: string[] },
  clock: Clock,
): Promise<void> {
  let base = read;
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    if (await store.saveConversation(tenant, recordExchange(base, exchange, clock))) return;
    base = await loadConversation(store, tenant, read.id, clock);
  }
  throw new StoreError(`conversation ${read.id} kept changing under ${SAVE_ATTEMPTS} attempts to save`);
}

/** Writes a whole conversation (a new briefing's) over whatever version is stored under its id. */
export async function replaceConversation(
  store: ConversationStore,
  tenant: TenantId,
  conversation: Conversation,
): Promise<void> {
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const current = await store.getConversation(tenant, conversation.id);
    if (await store.saveConversation(tenant, { ...conversation, version: current?.version })) return;
  }
  throw new StoreError(
    `conversation ${conversation.id} kept changing under ${SAVE_ATTEMPTS} attempts to save`,
  );
}

/**
 * A reply that started a conversation was posted: the same conversation is saved under the ids
 * of what was posted (message, thread), so follow-ups there continue it.
 */
export async function anchorConversation(
  store: ConversationStore,
  tenant: TenantId,
  fromId: string,
  toIds: readonly string[],
): Promise<void> {
  const conversation = await store.getConversation(tenant, fromId);
  if (!conversation) return;
  for (const id of toIds) {
    if (id !== fromId) await replaceConversation(store, tenant, { ...conversation, id });
  }
}
