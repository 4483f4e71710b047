import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Services } from './briefing/services.ts';
import type { LlmConfig } from './config.ts';
import { announceArticleChanges } from './coordination/announce-changes.ts';
import { type Coordination, DEFAULT_REDIS_PREFIX, openCoordination } from './coordination/coordination.ts';
import { type Clock, systemClock } from './core/clock.ts';
import type { Fetcher } from './core/fetcher.ts';
import type { Logger } from './core/logger.ts';
import type { UsageRecorder } from './core/usage.ts';
import type { AllowedEndpoint } from './fetch/address-policy.ts';
import { LazyGuardedFetcher } from './fetch/lazy-fetcher.ts';
import type { BriefingEngine } from './llm/engine.ts';
import { OfflineEngine } from './llm/offline/offline-engine.ts';
import type { ModelPrice } from './llm/prices.ts';
import type { Backend } from './store/backend.ts';
import { openBackend, openSqliteBackend } from './store/open-backend.ts';
import type { PendingReplyStore } from './store/pending-reply-store.ts';
import { storeServices } from './store/store-services.ts';

export interface AppOptions {
  dataDir: string;
  /** postgres://… keeps every store in PostgreSQL (DATABASE_URL); else SQLite in the data dir. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema for all tables (BRIEFING_DATABASE_SCHEMA); default public. */
  databaseSchema?: string | undefined;
  logLevel: string;
  clock?: Clock | undefined;
  /** The LLM to use; without it the offline engine answers. */
  llm?: LlmConfig | undefined;
  /** Share the LLM cache, rate limits and change notices through Redis; else a SQLite file and this process. */
  redisUrl?: string | undefined;
  /** Before every Redis key and channel (BRIEFING_REDIS_PREFIX); default 'briefing:'. */
  redisPrefix?: string | undefined;
  cacheTtlMs?: number | undefined;
  prices?: Readonly<Record<string, ModelPrice>> | undefined;
  /** Private host:port pairs the fetcher may reach (BRIEFING_FETCH_ALLOW). */
  fetchAllow?: readonly AllowedEndpoint[] | undefined;
  /** Replaces the guarded fetcher (tests, benchmarks). */
  fetcher?: Fetcher | undefined;
  /** How late a missed digest may still be posted (BRIEFING_DIGEST_GRACE_MINUTES). */
  digestGraceMs?: number | undefined;
  /** How long a digest run's claim holds before another process may recover it (BRIEFING_DIGEST_LEASE_MS). */
  digestLeaseMs?: number | undefined;
  /** How often a running bot looks for due digests (BRIEFING_TICK_MS). */
  tickMs?: number | undefined;
}

export interface App {
  services: Services;
  /** Rate limits and change notices, shared with other processes when Redis is configured. */
  coordination: Coordination;
  /** Deferred Discord replies in progress, on the same backend (any process may finish one). */
  pendingReplies: PendingReplyStore;
  close(): Promise<void>;
}

/** The composition root: the only place that picks implementations for the ports. */
export async function openApp(options: AppOptions): Promise<App> {
  mkdirSync(options.dataDir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const backend = await openBackend({
    databaseUrl: options.databaseUrl,
    databaseSchema: options.databaseSchema,
    dataDir: options.dataDir,
    clock,
  });
  const app = appOn(backend, options);
  if (!options.llm) return app;
  const { services } = app;
  const llm = await createLlmEngine(options.llm, {
    dataDir: options.dataDir,
    logger: services.logger,
    usage: services.usage,
    fallback: services.engine,
    redisUrl: options.redisUrl,
    redisKeyPrefix: `${options.redisPrefix ?? DEFAULT_REDIS_PREFIX}llm`,
    cacheTtlMs: options.cacheTtlMs,
    clock: services.clock,
  });
  return {
    ...app,
    services: { ...services, engine: llm.engine },
    close: async () => {
      await llm.close();
      await app.close();
    },
  };
}

/** The embedded defaults: the data dir's SQLite store and ledger, offline engine. */
export function createApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true });
  return appOn(openSqliteBackend(options.dataDir, options.clock ?? systemClock), options);
}

/** The services over a backend, with the offline engine; closing the app closes the backend. */
function appOn(backend: Backend, options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  // Logs go to standard error so the terminal transport's standard output stays clean for scripts.
  const logger: Logger = pino({ level: options.logLevel, base: undefined }, pino.destination(2));
  // Loads nothing and opens no connection until used; its pool is closed with the app.
  const guarded = options.fetcher ? undefined : new LazyGuardedFetcher({ allow: options.fetchAllow });
  const fetcher = options.fetcher ?? guarded;
  const coordination = openCoordination({
    redisUrl: options.redisUrl,
    redisPrefix: options.redisPrefix,
    clock,
    logger,
  });
  return {
    coordination,
    pendingReplies: backend.pendingReplies,
    services: {
      ...storeServices(backend, { engine: new OfflineEngine(), clock, logger, prices: options.prices }),
      // Whoever stores an article (any process) tells the others' autocomplete caches.
      store: announceArticleChanges(backend.store, coordination.tenantChanges),
      fetcher,
      nearDuplicates: backend.nearDuplicates,
      feeds: fetcher ? { feeds: backend.feeds, fetcher } : undefined,
    },
    close: async () => {
      await guarded?.close();
      await coordination.close();
      await backend.close();
    },
  };
}

/**
 * The LLM engine behind a content-addressed cache, falling back to the offline engine.
 * Loaded on demand: the SDKs cost start-up time a terminal user without an API key should not pay.
 */
async function createLlmEngine(
  config: LlmConfig,
  deps: {
    dataDir: string;
    logger: Logger;
    usage: UsageRecorder;
    fallback: BriefingEngine;
    redisUrl?: string | undefined;
    redisKeyPrefix: string;
    cacheTtlMs?: number | undefined;
    clock: Clock;
  },
): Promise<{ engine: BriefingEngine; close(): Promise<void> }> {
  const [{ default: OpenAI }, { OpenAiEngine }, { FallbackEngine }, { createLlmCache }, { boundedFetch }] =
    await Promise.all([
      import('openai'),
      import('./llm/openai/openai-engine.ts'),
      import('./llm/fallback-engine.ts'),
      import('./llm/cache/create-cache.ts'),
      import('./llm/openai/bounded-fetch.ts'),
    ]);
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    // The SDK's timeout ends at the headers; this bounds the body (stalls, endless or huge replies).
    fetch: boundedFetch({ idleTimeoutMs: config.idleTimeoutMs }),
  });
  const { cache, close } = createLlmCache({
    redisUrl: deps.redisUrl,
    keyPrefix: deps.redisKeyPrefix,
    sqlitePath: join(deps.dataDir, 'cache.db'),
    logger: deps.logger,
    ttlMs: deps.cacheTtlMs,
    clock: deps.clock,
  });
  const primary = new OpenAiEngine({
    client,
    model: config.model,
    cache,
    usage: deps.usage,
    logger: deps.logger,
    clock: deps.clock,
    breaker: { coolDownMs: config.pauseMs },
  });
  return { engine: new FallbackEngine(primary, deps.fallback, deps.logger), close };
}
