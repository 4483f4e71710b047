/**
 * Wraps the LLM engine so a command never fails because the LLM did: on an LLM fault the
 * fallback (the offline extractive engine) answers, and the draft says so in its note.
 * Other errors (bugs, store faults) propagate untouched. Both engines are only given passages and
 * sentences that are news, not instructions planted for a model, and what the offline engine
 * extracts is cleared of them too, so an injection never reaches a reader by either path.
 */
import type { Logger } from '../core/logger.ts';
import type { ArticleAnalysis } from '../core/types.ts';
import type {
  AnalyseInput,
  AnswerDraft,
  AnswerInput,
  BriefingDraft,
  BriefingEngine,
  BriefingInput,
  EngineCallContext,
} from './engine.ts';
import {
  isLlmFault,
  LlmCircuitOpen,
  type LlmError,
  LlmInvalidOutput,
  LlmRateLimited,
  LlmRefused,
} from './errors.ts';
import { looksLikeInstruction, withoutInstructions } from './output-safety.ts';

export class FallbackEngine implements BriefingEngine {
  readonly id: string;
  readonly extractive: boolean;

  constructor(
    private readonly primary: BriefingEngine,
    private readonly fallback: BriefingEngine,
    private readonly logger: Logger,
  ) {
    // Identity is the primary's: that is the engine the deployment chose; notes tell the exceptions.
    this.id = primary.id;
    this.extractive = primary.extractive;
  }

  /** Analyses with the primary, else the fallback (logged; analyses carry their producer, not a note). */
  async analyseArticle(input: AnalyseInput, ctx?: EngineCallContext): Promise<ArticleAnalysis> {
    try {
      return await this.primary.analyseArticle(input, ctx);
    } catch (err) {
      this.rethrowUnlessLlmFault(err, 'analyse', ctx);
      return withoutPlanted(await this.fallback.analyseArticle(input, ctx), input);
    }
  }

  /** Composes with the primary, else the fallback with a note saying so. */
  async composeBriefing(given: BriefingInput, ctx?: EngineCallContext): Promise<BriefingDraft> {
    const input: BriefingInput = {
      ...given,
      sources: given.sources.map((s) => ({
        ...s,
        sentences: s.sentences.map((t) => (looksLikeInstruction(t) ? '' : t)),
      })),
    };
    try {
      return await this.primary.composeBriefing(input, ctx);
    } catch (err) {
      const fault = this.rethrowUnlessLlmFault(err, 'brief', ctx);
      const draft = await this.fallback.composeBriefing(input, ctx);
      return { ...draft, note: this.noteFor(fault, 'briefing') };
    }
  }

  /**
   * What the primary reads: a fallback answer without the article actors tells people from
   * capital letters alone, and a deployment with an LLM does not pay a read per question for it.
   */
  readsArticleActors(question: string): boolean {
    return this.primary.readsArticleActors?.(question) ?? false;
  }

  /** Answers with the primary, else the fallback with a note; a watcher is given the fallback's text. */
  async answer(given: AnswerInput, ctx?: EngineCallContext): Promise<AnswerDraft> {
    const input: AnswerInput = { ...given, passages: withoutInstructions(given.passages) };
    try {
      return await this.primary.answer(input, ctx);
    } catch (err) {
      const fault = this.rethrowUnlessLlmFault(err, 'answer', ctx);
      const draft = await this.fallback.answer(input, ctx);
      // The primary may have streamed part of an answer before failing: replace it.
      ctx?.onPartialText?.(draft.text);
      return { ...draft, note: this.noteFor(fault, 'answer') };
    }
  }

  private rethrowUnlessLlmFault(err: unknown, task: string, ctx: EngineCallContext | undefined): LlmError {
    if (!isLlmFault(err)) throw err;
    this.logger.warn(
      {
        err: err.message,
        kind: err.name,
        task,
        tenant: ctx?.tenant,
        primary: this.primary.id,
        fallback: this.fallback.id,
      },
      'llm failed; answering with the fallback engine',
    );
    return err;
  }

  private noteFor(fault: LlmError, what: 'answer' | 'briefing'): string {
    const by = this.fallback.extractive
      ? 'the offline engine (extractive)'
      : `the ${this.fallback.id} engine`;
    const why =
      fault instanceof LlmCircuitOpen
        ? 'The LLM failed several times in a row and is paused for a moment'
        : fault instanceof LlmRateLimited
          ? 'The LLM is rate-limited right now'
          : fault instanceof LlmInvalidOutput
            ? "The LLM's reply could not be used"
            : fault instanceof LlmRefused
              ? 'The LLM rejected the request'
              : 'The LLM was unavailable';
    return `${why}, so this ${what} comes from ${by}.`;
  }
}

/**
 * An extractive analysis without the article's planted instructions: summary sentences, key
 * points and quotes that address a model are dropped (the sentences stay stored, as written).
 */
function withoutPlanted(analysis: ArticleAnalysis, input: AnalyseInput): ArticleAnalysis {
  const planted = new Set(input.sentences.flatMap((s, i) => (looksLikeInstruction(s.text) ? [i] : [])));
  if (planted.size === 0) return analysis;
  const summarySentences = analysis.summarySentences.filter((i) => !planted.has(i));
  return {
    ...analysis,
    summary:
      analysis.summarySentences.length > 0
        ? summarySentences.map((i) => input.sentences[i]!.text).join(' ')
        : analysis.summary,
    summarySentences,
    keyPoints: analysis.keyPoints.filter(
      (k) => !looksLikeInstruction(k.text) && !k.sentences.some((i) => planted.has(i)),
    ),
    quotes: analysis.quotes.filter((q) => !planted.has(q.sentenceIndex)),
  };
}
