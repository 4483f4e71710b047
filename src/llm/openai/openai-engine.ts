/**
 * The LLM engine over the openai SDK: works with OpenAI and any OpenAI-compatible server
 * (Ollama, vLLM, llama.cpp). Every result is cached by content, grounded against the article
 * text before it leaves, and charged to the tenant. Retries on 429/5xx and timeouts belong to
 * the client the composition root builds; this class never loops on them itself.
 */
import type OpenAI from 'openai';
import { normaliseAlias } from '../../actors/normalise.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { ArticleAnalysis } from '../../core/types.ts';
import type { UsageRecorder } from '../../core/usage.ts';
import type { CacheKeyParts, LlmCache } from '../cache/llm-cache.ts';
import { CircuitBreaker } from '../circuit-breaker.ts';
import type {
  AnalyseInput,
  AnswerDraft,
  AnswerInput,
  BriefingDraft,
  BriefingEngine,
  BriefingInput,
  EngineCallContext,
} from '../engine.ts';
import { LlmCircuitOpen, LlmInvalidOutput, LlmRateLimited, LlmUnavailable } from '../errors.ts';
import {
  groundAnalysis,
  groundAnswer,
  groundCitedText,
  mergeRawActors,
  UNSUPPORTED_ANSWER_TEXT,
} from '../grounding.ts';
import {
  type RawAnalysis,
  RawAnalysisSchema,
  type RawAnswer,
  RawAnswerSchema,
  RawBriefingSchema,
} from '../grounding-schemas.ts';
import { type BriefingEvidence, vetAnalysis, vetAnswer, vetBriefing } from '../vet-output.ts';
import { parseAnalysisText } from './analysis-lines.ts';
import { answerKeyInputs } from './answer-key.ts';
import { digest } from './digest.ts';
import { toLlmFault } from './map-error.ts';
import {
  analyseMessages,
  answerMessages,
  briefingSize,
  briefingSourceView,
  briefMessages,
  NOT_SUPPORTED_MARKER,
  PROMPTS,
  type PromptSet,
} from './prompts.ts';
import { estimateTokens, splitByTokenBudget } from './split-article.ts';
import { checkText, StructuredCaller } from './structured-caller.ts';

export interface OpenAiEngineOptions {
  client: OpenAI;
  model: string;
  cache: LlmCache;
  usage: UsageRecorder;
  logger: Logger;
  /** Input budget per call, in estimated tokens; longer articles are analysed in parts. */
  maxInputTokens?: number | undefined;
  /** Prompt set override (tests bump versions with it); defaults to {@link PROMPTS}. */
  prompts?: PromptSet | undefined;
  /** Today's date for prompts and the circuit breaker's time; default the system clock. */
  clock?: Clock | undefined;
  /** Consecutive outages before the breaker opens, and how long it stays open. */
  breaker?: { threshold?: number | undefined; coolDownMs?: number | undefined } | undefined;
}

/** Output caps per task (`max_tokens`): an analysis lists actors and quotes, an answer is three sentences. */
export const MAX_OUTPUT_TOKENS = { analyse: 1200, brief: 700, answer: 400 } as const;

/** Fits small local models (8k context) with room for the reply. */
const DEFAULT_MAX_INPUT_TOKENS = 6000;
/** Kept free of article text: the JSON schema when the server can't enforce it, and the reply. */
const RESERVED_TOKENS = 1200;
/** Never split an article finer than this, whatever the budget says. */
const MIN_PART_TOKENS = 300;

export class OpenAiEngine implements BriefingEngine {
  readonly id: string;
  readonly extractive = false;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly cache: LlmCache;
  private readonly usage: UsageRecorder;
  private readonly logger: Logger;
  private readonly prompts: PromptSet;
  private readonly maxInputTokens: number;
  private readonly caller: StructuredCaller;
  private readonly clock: Clock;
  private readonly breaker: CircuitBreaker;

  constructor(options: OpenAiEngineOptions) {
    this.client = options.client;
    this.model = options.model;
    this.cache = options.cache;
    this.usage = options.usage;
    this.logger = options.logger;
    this.prompts = options.prompts ?? PROMPTS;
    this.maxInputTokens = options.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS;
    this.id = `openai:${options.model}`;
    this.clock = options.clock ?? systemClock;
    this.breaker = new CircuitBreaker({ clock: this.clock, ...options.breaker });
    this.caller = new StructuredCaller(this.client, this.model, this.usage, this.logger);
  }

  /** Analyses an article with one call per part; parts are vetted, cached and merged, then grounded. */
  async analyseArticle(input: AnalyseInput, ctx?: EngineCallContext): Promise<ArticleAnalysis> {
    const tenant = ctx?.tenant ?? 'unknown';
    const spec = this.prompts.analyse;
    // The budget is what is left for sentences once the fixed prompt is paid for.
    const fixed = estimateTokens(JSON.stringify(analyseMessages(spec, input, [], { index: 0, count: 1 })));
    const budget = Math.max(MIN_PART_TOKENS, this.maxInputTokens - fixed - RESERVED_TOKENS);
    const parts = splitByTokenBudget(input.sentences, budget);
    const texts = input.sentences.map((s) => s.text);
    const raws: RawAnalysis[] = [];
    // Parts run one after another: a long article should not burst into the provider's rate limit.
    for (const [index, part] of parts.entries()) {
      const messages = analyseMessages(spec, input, part.sentences, { index, count: parts.length });
      const inputHash = digest(
        [input.title, ...part.sentences.map((s) => `${s.n}\u0000${s.text}`)].join('\n'),
      );
      raws.push(
        await this.cached('analyse', spec.version, [inputHash], undefined, tenant, async () =>
          vetAnalysis(
            await this.guarded('analyse', () =>
              this.caller.call({
                task: 'analyse',
                tenant,
                schemaName: 'article_analysis',
                schema: RawAnalysisSchema,
                messages,
                maxTokens: MAX_OUTPUT_TOKENS.analyse,
                parseText: parseAnalysisText,
              }),
            ),
            texts,
          ),
        ),
      );
    }
    return groundAnalysis(mergeParts(raws), input.sentences, {
      producer: `${this.id}#${spec.version}`,
      title: input.title,
    });
  }

  /** Composes a briefing from the analyses only (never raw articles), within the token budget, vetted. */
  async composeBriefing(input: BriefingInput, ctx?: EngineCallContext): Promise<BriefingDraft> {
    if (input.sources.length === 0) return { overview: { text: '', sources: [] }, keyPoints: [] };
    const tenant = ctx?.tenant ?? 'unknown';
    const spec = this.prompts.brief;
    const today = this.today();
    // Sources come most relevant first: the least relevant are cut until the prompt fits.
    const fitted = { ...input, sources: [...input.sources] };
    while (
      fitted.sources.length > 1 &&
      estimateTokens(JSON.stringify(briefMessages(spec, fitted, today))) >
        this.maxInputTokens - RESERVED_TOKENS
    ) {
      fitted.sources.pop();
    }
    const inputs = fitted.sources.map((s) => digest(JSON.stringify(briefingSourceView(s))));
    const evidence: BriefingEvidence[] = fitted.sources.map((s) => ({
      n: s.sourceNo,
      texts: [s.title, s.analysis.summary, ...s.analysis.keyPoints.map((k) => k.text), ...s.sentences],
    }));
    const raw = await this.cached(
      'brief',
      spec.version,
      inputs,
      { length: input.length, topic: input.topic ?? '' },
      tenant,
      async () =>
        vetBriefing(
          await this.guarded('brief', () =>
            this.caller.call({
              task: 'brief',
              tenant,
              schemaName: 'briefing',
              schema: RawBriefingSchema,
              messages: briefMessages(spec, fitted, today),
              maxTokens: MAX_OUTPUT_TOKENS.brief,
            }),
          ),
          evidence,
        ),
    );
    const sentencesOf = new Map(fitted.sources.map((s) => [s.sourceNo, s.sentences]));
    const overview = groundCitedText(raw.overview, sentencesOf);
    const keyPoints = raw.keyPoints
      .map((k) => groundCitedText(k, sentencesOf))
      .filter((k) => k.text.length > 0)
      .slice(0, briefingSize(input.length).keyPoints);
    return {
      overview: { text: overview.text, sources: overview.sources },
      keyPoints: keyPoints.map((k) => ({ text: k.text, sources: k.sources })),
    };
  }

  /** Answers from numbered passages; streams plain text when the caller watches, else structured. */
  async answer(original: AnswerInput, ctx?: EngineCallContext): Promise<AnswerDraft> {
    if (original.passages.length === 0) return { text: UNSUPPORTED_ANSWER_TEXT, supported: false, cited: [] };
    const tenant = ctx?.tenant ?? 'unknown';
    const today = this.today();
    const input = this.fitAnswer(original, today);
    const watcher = ctx?.onPartialText;
    let lastShown: string | undefined;
    const onPartial = watcher
      ? (textSoFar: string) => {
          lastShown = textSoFar;
          watcher(textSoFar);
        }
      : undefined;
    // Keyed on what decides the answer (see answer-key.ts), not on the whole prompt: the same
    // question over the same passages in a new process or another server is the same work.
    const raw = await this.cached(
      'answer',
      this.prompts.answer.version,
      answerKeyInputs(input),
      undefined,
      tenant,
      async () =>
        vetAnswer(
          await this.guarded('answer', () =>
            onPartial
              ? this.streamAnswer(input, tenant, today, onPartial)
              : this.caller.call({
                  task: 'answer',
                  tenant,
                  schemaName: 'answer',
                  schema: RawAnswerSchema,
                  messages: answerMessages(this.prompts.answer, input, today),
                  maxTokens: MAX_OUTPUT_TOKENS.answer,
                }),
          ),
          input,
        ),
    );
    const grounded = groundAnswer(raw.answer, input.passages);
    // An answer with no valid citation is not presented as one, whatever the model claimed.
    const supported = raw.supported && grounded.cited.length > 0;
    if (grounded.paraphrased.length > 0) {
      this.logger.info(
        { task: 'answer', model: this.model, paraphrased: grounded.paraphrased.length },
        'unverified quotes shown as paraphrase',
      );
    }
    const draft: AnswerDraft = supported
      ? { text: grounded.text, supported: true, cited: grounded.cited }
      : { text: UNSUPPORTED_ANSWER_TEXT, supported: false, cited: [] };
    // The watcher ends on the final text: a cached or shared answer never streamed, and grounding
    // may have changed the streamed one (e.g. to the not-supported text).
    if (onPartial && lastShown !== draft.text) onPartial(draft.text);
    return draft;
  }

  /** The passages that fit the input budget: the least relevant (last) are cut first. */
  private fitAnswer(input: AnswerInput, today: string): AnswerInput {
    const limit = this.maxInputTokens - RESERVED_TOKENS;
    const fitted = { ...input, passages: [...input.passages] };
    while (
      fitted.passages.length > 1 &&
      estimateTokens(JSON.stringify(answerMessages(this.prompts.answer, fitted, today))) > limit
    ) {
      fitted.passages.pop();
    }
    return fitted;
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  /**
   * Runs one request behind the circuit breaker: refused at once while it is open; outages
   * (unreachable, failing, rate-limited) count towards opening it, any reply closes it.
   */
  private async guarded<T>(task: string, call: () => Promise<T>): Promise<T> {
    if (!this.breaker.admit()) {
      throw new LlmCircuitOpen(`LLM paused after repeated failures (${task})`, { task });
    }
    try {
      const value = await call();
      this.breaker.succeeded();
      return value;
    } catch (err) {
      if (err instanceof LlmUnavailable || err instanceof LlmRateLimited) this.breaker.failed();
      else this.breaker.succeeded();
      throw err;
    }
  }

  /**
   * Streams a plain-text answer, showing vetted text so far; usage comes from the final chunk.
   * A stream that breaks, stalls (bounded-fetch.ts) or ends without a finish reason is an LlmError.
   */
  private async streamAnswer(
    input: AnswerInput,
    tenant: string,
    today: string,
    onPartial: (textSoFar: string) => void,
  ): Promise<RawAnswer> {
    let text = '';
    let lastShown: string | undefined;
    let promptTokens: number | undefined;
    let completionTokens: number | undefined;
    let finish: string | null | undefined;
    let stream: AsyncIterable<OpenAI.ChatCompletionChunk>;
    try {
      stream = await this.client.chat.completions.create({
        model: this.model,
        messages: answerMessages(this.prompts.answerStream, input, today),
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: MAX_OUTPUT_TOKENS.answer,
        temperature: 0,
      });
    } catch (err) {
      throw toLlmFault(err, 'answer');
    }
    const iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<OpenAI.ChatCompletionChunk>;
      try {
        next = await iterator.next();
      } catch (err) {
        throw toLlmFault(err, 'answer');
      }
      if (next.done) break;
      const chunk = next.value as Partial<OpenAI.ChatCompletionChunk>;
      if (chunk.usage) {
        promptTokens = chunk.usage.prompt_tokens;
        completionTokens = chunk.usage.completion_tokens;
      }
      const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
      if (choice?.finish_reason) finish = choice.finish_reason;
      const delta = choice?.delta?.content;
      if (typeof delta !== 'string' || !delta) continue;
      text += delta;
      checkText(text, 'answer', MAX_OUTPUT_TOKENS.answer);
      const shown = partialView(text, input);
      // A delta can vanish in grounding (an invalid [n]): don't repeat the same text.
      if (shown !== undefined && shown !== lastShown) {
        lastShown = shown;
        onPartial(shown);
      }
    }
    this.usage.record({
      tenant,
      task: 'answer',
      model: this.model,
      kind: 'call',
      promptTokens,
      completionTokens,
    });
    if (!finish) throw new LlmUnavailable('LLM stream ended before it finished', { task: 'answer' });
    if (finish === 'length')
      throw new LlmInvalidOutput('LLM stream cut off at max_tokens', { task: 'answer' });
    const trimmed = text.trim();
    if (!trimmed) throw new LlmInvalidOutput('LLM streamed an empty answer', { task: 'answer' });
    if (trimmed.startsWith(NOT_SUPPORTED_MARKER)) {
      return { answer: trimmed.slice(NOT_SUPPORTED_MARKER.length).trim(), supported: false };
    }
    return { answer: trimmed, supported: true };
  }

  /** Looks up or computes through the cache, recording the hit or miss for the tenant. */
  private async cached<T>(
    task: string,
    promptVersion: string,
    inputs: string[],
    options: CacheKeyParts['options'],
    tenant: string,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key: CacheKeyParts = { task, promptVersion, model: this.model, inputs, options };
    const outcome = await this.cache.getOrCompute(key, async () => ({
      value: await compute(),
      cacheable: true,
    }));
    this.usage.record({ tenant, task, model: this.model, kind: outcome.hit ? 'hit' : 'miss' });
    return outcome.value;
  }
}

/**
 * What a watcher sees of a streaming answer: the complete sentences so far that pass every check
 * (unsafe text shows nothing; invalid citations and unverified quotes handled). Nothing while the
 * text could still become the not-supported marker, and nothing after it: the final text replaces it.
 */
function partialView(text: string, input: AnswerInput): string | undefined {
  const head = text.trimStart();
  if (NOT_SUPPORTED_MARKER.startsWith(head) || head.startsWith(NOT_SUPPORTED_MARKER)) return undefined;
  const complete = /^[\s\S]*[.!?;](?:["'”’»)]*)(?:\s*\[\d+\])*(?=\s|$)/u.exec(head)?.[0];
  if (!complete) return undefined;
  try {
    const vetted = vetAnswer({ answer: complete, supported: true }, input);
    return groundAnswer(vetted.answer, input.passages).text;
  } catch {
    return undefined;
  }
}

/**
 * Merges the analyses of an article's parts. The summary is the first part's: news puts the
 * story in its opening (inverted pyramid), and a second "combine" call would cost a request on
 * every long article for little gain. Actors dedupe by normalised name; the rest concatenates.
 */
function mergeParts(raws: RawAnalysis[]): RawAnalysis {
  const [first] = raws;
  if (!first || raws.length === 1)
    return (
      first ?? { summary: '', summarySentences: [], keyPoints: [], actors: [], quotes: [], relations: [] }
    );
  const keyPointSeen = new Set<string>();
  return {
    summary: first.summary,
    keyPoints: raws
      .flatMap((r) => r.keyPoints)
      .filter((k) => {
        const key = normaliseAlias(k.text);
        if (keyPointSeen.has(key)) return false;
        keyPointSeen.add(key);
        return true;
      }),
    actors: mergeRawActors(raws.flatMap((r) => r.actors)),
    quotes: raws.flatMap((r) => r.quotes),
    relations: raws.flatMap((r) => r.relations),
  };
}
