/**
 * The LLM engine over the openai SDK: works with OpenAI and any OpenAI-compatible server
 * (Ollama, vLLM, llama.cpp). Every result is cached by content, grounded against the article
 * text before it leaves, and charged to the tenant. Retries on 429/5xx and timeouts belong to
 * the client the composition root builds; this class never loops on them itself.
 */
import type OpenAI from 'openai';
import { normaliseAlias } from '../../actors/normalise.ts';
import type { Logger } from '../../core/logger.ts';
import type { ArticleAnalysis } from '../../core/types.ts';
import type { UsageRecorder } from '../../core/usage.ts';
import type { CacheKeyParts, LlmCache } from '../cache/llm-cache.ts';
import type {
  AnalyseInput,
  AnswerDraft,
  AnswerInput,
  BriefingDraft,
  BriefingEngine,
  BriefingInput,
  EngineCallContext,
} from '../engine.ts';
import { LlmInvalidOutput } from '../errors.ts';
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
import { digest } from './digest.ts';
import { toLlmError } from './map-error.ts';
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
import { StructuredCaller } from './structured-caller.ts';

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
}

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

  constructor(options: OpenAiEngineOptions) {
    this.client = options.client;
    this.model = options.model;
    this.cache = options.cache;
    this.usage = options.usage;
    this.logger = options.logger;
    this.prompts = options.prompts ?? PROMPTS;
    this.maxInputTokens = options.maxInputTokens ?? DEFAULT_MAX_INPUT_TOKENS;
    this.id = `openai:${options.model}`;
    this.caller = new StructuredCaller(this.client, this.model, this.usage, this.logger);
  }

  /** Analyses an article with one structured call per part; parts are cached and merged, then grounded. */
  async analyseArticle(input: AnalyseInput, ctx?: EngineCallContext): Promise<ArticleAnalysis> {
    const tenant = ctx?.tenant ?? 'unknown';
    const spec = this.prompts.analyse;
    // The budget is what is left for sentences once the fixed prompt and schema are paid for.
    const fixed = estimateTokens(
      JSON.stringify(analyseMessages(spec, input.title, [], { index: 0, count: 1 })),
    );
    const budget = Math.max(MIN_PART_TOKENS, this.maxInputTokens - fixed - RESERVED_TOKENS);
    const parts = splitByTokenBudget(input.sentences, budget);
    const raws: RawAnalysis[] = [];
    // Parts run one after another: a long article should not burst into the provider's rate limit.
    for (const [index, part] of parts.entries()) {
      const messages = analyseMessages(spec, input.title, part.sentences, { index, count: parts.length });
      const inputHash = digest(
        [input.title, ...part.sentences.map((s) => `${s.n}\u0000${s.text}`)].join('\n'),
      );
      raws.push(
        await this.cached('analyse', spec.version, [inputHash], undefined, tenant, () =>
          this.caller.call({
            task: 'analyse',
            tenant,
            schemaName: 'article_analysis',
            schema: RawAnalysisSchema,
            messages,
          }),
        ),
      );
    }
    return groundAnalysis(mergeParts(raws), input.sentences, {
      producer: `${this.id}#${spec.version}`,
      title: input.title,
    });
  }

  /** Composes a briefing from the analyses only (never raw articles), citations checked. */
  async composeBriefing(input: BriefingInput, ctx?: EngineCallContext): Promise<BriefingDraft> {
    if (input.sources.length === 0) return { overview: { text: '', sources: [] }, keyPoints: [] };
    const tenant = ctx?.tenant ?? 'unknown';
    const spec = this.prompts.brief;
    const inputs = input.sources.map((s) => digest(JSON.stringify(briefingSourceView(s))));
    const raw = await this.cached(
      'brief',
      spec.version,
      inputs,
      { length: input.length, topic: input.topic ?? '' },
      tenant,
      () =>
        this.caller.call({
          task: 'brief',
          tenant,
          schemaName: 'briefing',
          schema: RawBriefingSchema,
          messages: briefMessages(spec, input),
        }),
    );
    const sentencesOf = new Map(input.sources.map((s) => [s.sourceNo, s.sentences]));
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
  async answer(input: AnswerInput, ctx?: EngineCallContext): Promise<AnswerDraft> {
    if (input.passages.length === 0) return { text: UNSUPPORTED_ANSWER_TEXT, supported: false, cited: [] };
    const tenant = ctx?.tenant ?? 'unknown';
    const watcher = ctx?.onPartialText;
    let lastShown: string | undefined;
    const onPartial = watcher
      ? (textSoFar: string) => {
          lastShown = textSoFar;
          watcher(textSoFar);
        }
      : undefined;
    // Keyed on what the model is shown (sources, quote marks, history, actors, question), not on
    // store ids or retrieval order: the same question over the same article in another server, or
    // with passages ranked differently, is the same work.
    const shown = answerMessages(this.prompts.answer, input).find((m) => m.role === 'user')?.content ?? '';
    const inputs = [digest(shown)];
    const raw = await this.cached('answer', this.prompts.answer.version, inputs, undefined, tenant, () => {
      if (!onPartial) {
        return this.caller.call({
          task: 'answer',
          tenant,
          schemaName: 'answer',
          schema: RawAnswerSchema,
          messages: answerMessages(this.prompts.answer, input),
        });
      }
      return this.streamAnswer(input, tenant, onPartial);
    });
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

  /** Streams a plain-text answer, showing grounded text so far; usage comes from the final chunk. */
  private async streamAnswer(
    input: AnswerInput,
    tenant: string,
    onPartial: (textSoFar: string) => void,
  ): Promise<RawAnswer> {
    let text = '';
    let lastShown: string | undefined;
    let promptTokens: number | undefined;
    let completionTokens: number | undefined;
    try {
      const stream = await this.client.chat.completions.create({
        model: this.model,
        messages: answerMessages(this.prompts.answerStream, input),
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (chunk.usage) {
          promptTokens = chunk.usage.prompt_tokens;
          completionTokens = chunk.usage.completion_tokens;
        }
        if (!delta) continue;
        text += delta;
        const shown = partialView(text, input);
        // A delta can vanish in grounding (an invalid [n]): don't repeat the same text.
        if (shown !== undefined && shown !== lastShown) {
          lastShown = shown;
          onPartial(shown);
        }
      }
    } catch (err) {
      throw toLlmError(err, 'answer');
    }
    this.usage.record({
      tenant,
      task: 'answer',
      model: this.model,
      kind: 'call',
      promptTokens,
      completionTokens,
    });
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
 * What a watcher sees of a streaming answer: invalid citations and unverified quotes already
 * handled. Nothing while the text could still become the not-supported marker, and nothing
 * after it: the final text replaces it.
 */
function partialView(text: string, input: AnswerInput): string | undefined {
  const head = text.trimStart();
  if (NOT_SUPPORTED_MARKER.startsWith(head) || head.startsWith(NOT_SUPPORTED_MARKER)) return undefined;
  return groundAnswer(head, input.passages).text;
}

/**
 * Merges the analyses of an article's parts. The summary is the first part's: news puts the
 * story in its opening (inverted pyramid), and a second "combine" call would cost a request on
 * every long article for little gain. Actors dedupe by normalised name; the rest concatenates.
 */
function mergeParts(raws: RawAnalysis[]): RawAnalysis {
  const [first] = raws;
  if (!first || raws.length === 1)
    return first ?? { summary: '', keyPoints: [], actors: [], quotes: [], relations: [] };
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
