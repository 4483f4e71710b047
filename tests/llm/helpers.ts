/** Shared set-up for the openai engine tests: a fake server, a real SDK client, recording doubles. */
import OpenAI from 'openai';
import type { Logger } from '../../src/core/logger.ts';
import type { UsageEvent, UsageRecorder } from '../../src/core/usage.ts';
import { KeyvLlmCache } from '../../src/llm/cache/keyv-llm-cache.ts';
import type { LlmCache } from '../../src/llm/cache/llm-cache.ts';
import type { AnswerInput } from '../../src/llm/engine.ts';
import type { RawAnalysis } from '../../src/llm/grounding-schemas.ts';
import { boundedFetch } from '../../src/llm/openai/bounded-fetch.ts';
import { OpenAiEngine, type OpenAiEngineOptions } from '../../src/llm/openai/openai-engine.ts';
import { type FakeHandler, FakeOpenAiServer } from '../fakes/fake-openai-server.ts';

export class RecordingUsage implements UsageRecorder {
  readonly events: UsageEvent[] = [];
  record(event: UsageEvent): void {
    this.events.push(event);
  }
  /** Events of one kind, optionally for one tenant. */
  of(kind: UsageEvent['kind'], tenant?: string): UsageEvent[] {
    return this.events.filter((e) => e.kind === kind && (tenant === undefined || e.tenant === tenant));
  }
}

export class RecordingLogger implements Logger {
  readonly lines: { level: string; obj: object; msg?: string | undefined }[] = [];
  info(obj: object, msg?: string): void {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string): void {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string): void {
    this.lines.push({ level: 'error', obj, msg });
  }
}

/** A real openai client pointed at the fake; retries off unless a test asks for them. */
export function clientFor(
  fake: FakeOpenAiServer,
  options: { maxRetries?: number; timeout?: number; idleTimeoutMs?: number } = {},
): OpenAI {
  return new OpenAI({
    apiKey: 'test-key',
    baseURL: fake.baseURL,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeout ?? 2000,
    // As the composition root builds it: bodies bounded in time and size.
    fetch: boundedFetch({ idleTimeoutMs: options.idleTimeoutMs ?? 2000 }),
  });
}

/** Client settings a rig's engine may change. */
export interface RigClientOptions {
  maxRetries?: number;
  timeout?: number;
  idleTimeoutMs?: number;
}

export interface Rig {
  fake: FakeOpenAiServer;
  cache: LlmCache;
  usage: RecordingUsage;
  logger: RecordingLogger;
  engine: OpenAiEngine;
  /** Another engine over the same fake, cache and usage (e.g. another model). */
  engineWith(options: Partial<OpenAiEngineOptions> & RigClientOptions): OpenAiEngine;
}

/** Starts a fake server and an engine over it with an in-memory KeyvLlmCache. */
export async function startRig(
  handler: FakeHandler,
  options: Partial<OpenAiEngineOptions> & RigClientOptions = {},
): Promise<Rig> {
  const fake = await FakeOpenAiServer.start(handler);
  const logger = new RecordingLogger();
  const usage = new RecordingUsage();
  const cache = new KeyvLlmCache({ logger });
  const engineWith: Rig['engineWith'] = (o) =>
    new OpenAiEngine({
      client: clientFor(fake, {
        maxRetries: o.maxRetries,
        timeout: o.timeout,
        idleTimeoutMs: o.idleTimeoutMs,
      }),
      model: 'fake-model',
      cache,
      usage,
      logger,
      ...o,
    });
  return { fake, cache, usage, logger, engine: engineWith(options), engineWith };
}

/** Two sources, three passages: the shape answer-question hands the engine. */
export const ANSWER_INPUT: AnswerInput = {
  question: 'What does Putin want in Belarus?',
  focusActors: [
    { name: 'Vladimir Putin', aliases: ['Putin'], quoteSentences: [] },
    { name: 'Mikhail Vinogradov', aliases: ['Vinogradov'], quoteSentences: [{ articleId: 10, ordinal: 5 }] },
  ],
  passages: [
    {
      sourceNo: 1,
      articleId: 10,
      ordinal: 1,
      text: 'Putin, who hosts Lukashenko for talks in Sochi on Monday, is determined opposition demonstrators won’t topple the Belarusian president, said five people close to the Kremlin.',
    },
    { sourceNo: 1, articleId: 10, ordinal: 5, text: '“Putin doesn’t want to end up on the losing side.”' },
    {
      sourceNo: 2,
      articleId: 20,
      ordinal: 3,
      text: 'Russia has dispatched media workers to Belarus to replace striking staff.',
    },
  ],
  history: [],
};

export const SUPPORTED_ANSWER = {
  answer:
    'Putin is determined that protesters won’t topple Lukashenko [1], and “Putin doesn’t want to end up on the losing side” [1].',
  supported: true,
};

/** A small valid raw analysis for a two-sentence article. */
export const SHORT_ARTICLE = {
  title: 'Putin meets Lukashenko',
  sentences: [
    { text: 'Vladimir Putin met Alexander Lukashenko in Sochi.', paragraph: 0 },
    { text: '“We are allies,” Lukashenko said.', paragraph: 0 },
  ],
};

export const SHORT_ANALYSIS: RawAnalysis = {
  summary: 'Putin and Lukashenko met in Sochi.',
  keyPoints: [{ text: 'The leaders met in Sochi.', sentences: [0] }],
  actors: [
    { name: 'Vladimir Putin', type: 'person', aliases: ['Putin'], roles: [] },
    { name: 'Alexander Lukashenko', type: 'person', aliases: ['Lukashenko'], roles: [] },
    { name: 'Sochi', type: 'place', aliases: [], roles: [] },
  ],
  quotes: [{ speaker: 'Lukashenko', text: 'We are allies' }],
  relations: [{ subject: 'Vladimir Putin', kind: 'meets', object: 'Alexander Lukashenko', sentence: 0 }],
};
