/** Working state of one article's analysis, shared by the extraction passes. */
import type { ActorType } from '../core/types.ts';
import type { Token } from './candidates.ts';

export interface Cluster {
  id: number;
  name: string;
  type: ActorType;
  aliases: Set<string>;
  roles: string[];
  mentions: Mention[];
  actions: Set<number>;
  quoteCount: number;
}

export type MentionKind = 'name' | 'demonym' | 'description' | 'pronoun';

export interface Mention {
  cluster: Cluster;
  sentence: number;
  /** Start of the whole run, title included. */
  start: number;
  nameStart: number;
  end: number;
  possessive: boolean;
  kind: MentionKind;
}

export interface Doc {
  sentences: { text: string; paragraph: number }[];
  tokens: Token[][];
  /** Explicit mentions per sentence, by offset. */
  mentions: Mention[][];
  /** Actors acting in each sentence (subjects, speakers). */
  subjects: Cluster[][];
}

/** Adds a role once, keeping the order in which the article gives them. */
export function addRole(cluster: Cluster, role: string): void {
  const clean = role.replace(/\s+/g, ' ').trim();
  if (!clean) return;
  if (cluster.roles.some((r) => r.toLowerCase() === clean.toLowerCase())) return;
  cluster.roles.push(clean);
}

/** Mentions in a sentence, sorted by start. */
export function sortMentions(list: Mention[]): Mention[] {
  return list.sort((a, b) => a.start - b.start || a.end - b.end);
}
