/** Domain types shared by core, engines and stores. No SDK types here. */

/** A tenant is one Discord server, or the terminal's named guild. Every query is scoped by it. */
export type TenantId = string;

export const ACTOR_TYPES = ['person', 'organisation', 'place'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** An article as a user or file gives it, before cleaning. */
export interface NewArticle {
  title: string;
  text: string;
  source?: string | undefined;
  url?: string | undefined;
  /** ISO-8601 date or date-time, when the source says. */
  publishedAt?: string | undefined;
  /** Author line, when the page names one. */
  byline?: string | undefined;
  /** BCP 47 language tag (e.g. `en`, `pt-BR`), when the page declares one. */
  language?: string | undefined;
}

/** One sentence of a cleaned article: the unit of retrieval and citation. */
export interface Passage {
  articleId: number;
  /** 0-based position of the sentence in the article. */
  ordinal: number;
  /** 0-based paragraph the sentence belongs to. */
  paragraph: number;
  text: string;
}

export interface Quote {
  /** Verbatim text inside the quotation marks, as it appears in the article. */
  text: string;
  /** Canonical name of the speaker (an actor of the same analysis). */
  speaker: string;
  sentenceIndex: number;
}

export type RelationKind = 'supports' | 'opposes' | 'meets' | 'criticises' | 'allied-with';

export interface Relation {
  subject: string;
  kind: RelationKind;
  object: string;
  /** The sentence that shows the relation. */
  sentenceIndex: number;
}

/** An actor as found in one article. */
export interface ExtractedActor {
  /** Canonical display name, e.g. "Anne Dubois". */
  name: string;
  type: ActorType;
  /** Surface forms seen in the article, including the name itself. */
  aliases: string[];
  /** Roles as the article describes them, e.g. "Russian President", "heads the St. Petersburg Politics Foundation". */
  roles: string[];
  /** Sentence indexes where the actor is mentioned. */
  mentions: number[];
  /** Sentence indexes where the actor is the one acting (subject of the sentence). */
  actions: number[];
  /** Importance inside the article, higher first (mentions, position, headline). */
  salience: number;
}

/** What an engine learns from one article, once; stored beside the article and reused. */
export interface ArticleAnalysis {
  /** Which engine and prompt/rule version produced this, e.g. "offline@1". */
  producer: string;
  summary: string;
  /** Sentence indexes of the summary when it is extractive. */
  summarySentences: number[];
  keyPoints: KeyPoint[];
  actors: ExtractedActor[];
  quotes: Quote[];
  relations: Relation[];
}

export interface KeyPoint {
  text: string;
  /** Sentence indexes that support the point. */
  sentences: number[];
}

export interface ArticleSummary {
  id: number;
  title: string;
  source?: string | undefined;
  url?: string | undefined;
  publishedAt?: string | undefined;
  ingestedAt: string;
  wordCount: number;
}

export interface StoredArticle extends ArticleSummary {
  tenant: TenantId;
  text: string;
  contentHash: string;
  byline?: string | undefined;
  language?: string | undefined;
}

/** An article cleaned, split and analysed, ready to be stored in one transaction. */
export interface PreparedArticle {
  title: string;
  text: string;
  source?: string | undefined;
  url?: string | undefined;
  publishedAt?: string | undefined;
  byline?: string | undefined;
  language?: string | undefined;
  contentHash: string;
  sentences: { text: string; paragraph: number }[];
  analysis: ArticleAnalysis;
  /**
   * The text's MinHash signature (dedup/minhash.ts), when near-duplicates are tracked: the store
   * indexes it in the article's own transaction, so a stored article is never missing it.
   */
  signature?: Uint32Array | undefined;
}

export interface PassageHit extends Passage {
  /** Higher is better (negated BM25). */
  score: number;
}

/** An article's actor as far as telling who someone is needs: its name and type. */
export interface ArticleActorName {
  articleId: number;
  name: string;
  type: ActorType;
}

/** An actor row of one article, as stored; the registry merges these across articles. */
export interface ArticleActor extends ExtractedActor {
  articleId: number;
  quotes: Quote[];
  relations: Relation[];
}

export interface ConversationTurn {
  role: 'user' | 'bot';
  text: string;
  at: string;
}

/** A follow-up context: what the conversation is about, so "he" and "they" resolve. */
export interface Conversation {
  id: string;
  /** Canonical names of actors in focus, most recent first. */
  focusActors: string[];
  /** Articles the conversation started from (a briefing's sources), if any. */
  articleIds: number[];
  topic?: string | undefined;
  turns: ConversationTurn[];
  updatedAt: string;
  /** The stored version this copy was read at; absent for one not saved yet (see ConversationStore). */
  version?: number | undefined;
}

/** A numbered source that citations [n] point to. */
export interface Source {
  n: number;
  articleId: number;
  title: string;
  url?: string | undefined;
  source?: string | undefined;
  publishedAt?: string | undefined;
  /** Other outlets that carried the same story (near-duplicates merged into this article). */
  alsoIn?: { title: string; source?: string | undefined; url?: string | undefined }[] | undefined;
}
