/**
 * Wraps the LLM engine so a command never fails because the LLM did: on an LLM fault the
 * fallback (the offline extractive engine) answers, and the draft says so in its note.
 * Other errors (bugs, store faults) propagate untouched.
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
import { isLlmFault, type LlmError, LlmInvalidOutput, LlmRateLimited, LlmRefused } from './errors.ts';

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
      return this.fallback.analyseArticle(input, ctx);
    }
  }

  /** Composes with the primary, else the fallback with a note saying so. */
  async composeBriefing(input: BriefingInput, ctx?: EngineCallContext): Promise<BriefingDraft> {
    try {
      return await this.primary.composeBriefing(input, ctx);
    } catch (err) {
      const fault = this.rethrowUnlessLlmFault(err, 'brief', ctx);
      const draft = await this.fallback.composeBriefing(input, ctx);
      return { ...draft, note: this.noteFor(fault, 'briefing') };
    }
  }

  /** Answers with the primary, else the fallback with a note; a watcher is given the fallback's text. */
  async answer(input: AnswerInput, ctx?: EngineCallContext): Promise<AnswerDraft> {
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
      fault instanceof LlmRateLimited
        ? 'The LLM is rate-limited right now'
        : fault instanceof LlmInvalidOutput
          ? "The LLM's reply could not be used"
          : fault instanceof LlmRefused
            ? 'The LLM rejected the request'
            : 'The LLM was unavailable';
    return `${why}, so this ${what} comes from ${by}.`;
  }
}
