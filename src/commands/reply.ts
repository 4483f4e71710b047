/**
 * What a command returns: structured, so each transport renders it its own way
 * (plain text in the terminal, embeds on Discord) without the commands knowing either.
 */

import type { Source } from '../core/types.ts';

export type { Source };

export interface Section {
  heading: string;
  /** Bullet items; each may carry [n] citations. */
  items?: string[];
  /** Or a paragraph. */
  text?: string;
}

export type ErrorCode =
  | 'unknown-command'
  | 'bad-option'
  | 'not-found'
  | 'no-articles'
  | 'no-match'
  | 'not-allowed'
  | 'guild-only'
  | 'rate-limited'
  | 'rejected'
  /** The storage cannot serve the command (damaged, read-only, full, locked): told by cause. */
  | 'store-fault'
  | 'internal';

export interface Reply {
  /** Heading of the reply ("Briefing: Harbour budget"). */
  title?: string | undefined;
  /** Main paragraph (overview, answer). */
  body?: string | undefined;
  sections: Section[];
  sources: Source[];
  /** Small print: which engine answered, extractive or generated, notes on fallbacks. */
  footer?: string | undefined;
  /** Set when the reply is an expected failure (bad option, not found...). */
  error?: ErrorCode | undefined;
  /** Only the requester should see it (Discord ephemeral); the terminal ignores it. */
  ephemeral?: boolean | undefined;
  /**
   * Set when the reply starts a conversation that follow-ups continue (a briefing, a digest).
   * Transports that post it as a message offer follow-up buttons and a thread named `threadName`,
   * and anchor the conversation `id` on what they posted (through the dispatcher).
   */
  conversation?: { id: string; threadName: string } | undefined;
}

/** A reply carrying only a message, for confirmations and expected failures. */
export function messageReply(text: string, error?: ErrorCode): Reply {
  return { body: text, sections: [], sources: [], error, ephemeral: error !== undefined };
}
