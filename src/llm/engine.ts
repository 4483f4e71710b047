import type { ArticleActorName, ArticleAnalysis, TenantId } from '../core/types.ts';

/** Who a call is for: usage is charged to the tenant; transports may watch text as it arrives. */
export interface EngineCallContext {
  tenant: TenantId;
  /** Called with the whole answer text so far, as a streaming engine produces it. */
  onPartialText?: ((textSoFar: string) => void) | undefined;
}

/**
 * The engine port: what an LLM (or the offline extractive engine) does for briefings.
 * Core only talks to this; the offline engine is the embedded default, the openai adapter comes later.
 */
export interface BriefingEngine {
  /** Short identity shown to users and used in cache keys, e.g. "offline@1". */
  readonly id: string;
  /** True when answers are extracted sentences rather than generated text. */
  readonly extractive: boolean;
  /** Analyses one article once: summary, key points, actors, quotes, relations. */
  analyseArticle(input: AnalyseInput, ctx?: EngineCallContext): Promise<ArticleAnalysis>;
  /** Writes a briefing overview and key points from per-article analyses (not raw articles). */
  composeBriefing(input: BriefingInput, ctx?: EngineCallContext): Promise<BriefingDraft>;
  /** Answers a question from retrieved passages, citing them as [n]. */
  answer(input: AnswerInput, ctx?: EngineCallContext): Promise<AnswerDraft>;
  /**
   * Whether answering this question reads {@link AnswerInput.articleActors}: the caller reads them
   * from the store only then (one more read per question). Absent means never.
   */
  readsArticleActors?(question: string): boolean;
}

export interface AnalyseInput {
  title: string;
  /** ISO date the article was published, when known: shown to the model, not part of the cache key. */
  publishedAt?: string | undefined;
  /** The cleaned article split into sentences, in order. */
  sentences: { text: string; paragraph: number }[];
}

export type BriefingLength = 'short' | 'standard' | 'long';

export interface BriefingSourceInput {
  /** Citation number the briefing uses for this article: [n]. */
  sourceNo: number;
  articleId: number;
  title: string;
  publishedAt?: string | undefined;
  analysis: ArticleAnalysis;
  /** The article's sentences, for engines that re-rank (the offline one does). */
  sentences: string[];
}

export interface BriefingInput {
  topic?: string | undefined;
  length: BriefingLength;
  sources: BriefingSourceInput[];
}

export interface CitedText {
  text: string;
  /** Citation numbers ([n]) that support the text. */
  sources: number[];
}

export interface BriefingDraft {
  overview: CitedText;
  keyPoints: CitedText[];
  /** Shown to the reader, e.g. that the LLM was unavailable and the offline engine answered. */
  note?: string | undefined;
}

export interface AnswerPassage {
  sourceNo: number;
  articleId: number;
  ordinal: number;
  text: string;
}

export type QuestionKind =
  | 'who'
  | 'what'
  | 'when'
  | 'where'
  | 'why'
  | 'how'
  | 'how-many'
  | 'how-old'
  | 'yes-no'
  | 'other';

export interface FocusActor {
  name: string;
  aliases: string[];
  /** Sentences (by article and ordinal) where the actor is quoted, as attributed at analysis time. */
  quoteSentences?: { articleId: number; ordinal: number }[] | undefined;
  /** Roles the articles give the actor ("Russian President", "opposition politician"), by article. */
  roles?: { text: string; articleId: number }[] | undefined;
}

export interface AnswerInput {
  question: string;
  /** Actors the question names (canonical name and aliases), after pronoun resolution. */
  focusActors: FocusActor[];
  /** Retrieved passages, best first, already numbered for citation. */
  passages: AnswerPassage[];
  /**
   * Earlier turns, oldest first, only when the question cannot be read without them (ellipsis:
   * "And Dubois?"); pronouns are resolved into the question instead. Part of the cache key.
   */
  history: { role: 'user' | 'bot'; text: string }[];
  /** Title and publication date of each source number, shown beside its passages. */
  sources?: ReadonlyMap<number, { title: string; publishedAt?: string | undefined }> | undefined;
  /**
   * The actors analysis found in each passage's article, by article id: the offline answerer
   * tells a person from an organisation by these types instead of by capital letters. Not part of
   * the LLM cache key (it follows from the passages' articles).
   */
  articleActors?: ReadonlyMap<number, readonly PassageActor[]> | undefined;
}

/** An actor of a passage's article, as analysis typed it. */
export type PassageActor = Pick<ArticleActorName, 'name' | 'type'>;

export interface AnswerDraft {
  /** Answer text with [n] citations. */
  text: string;
  /** False when the passages do not support an answer; text then says so plainly. */
  supported: boolean;
  /** Citation numbers actually used. */
  cited: number[];
  /** Shown to the reader, e.g. that the LLM was unavailable and the offline engine answered. */
  note?: string | undefined;
}
