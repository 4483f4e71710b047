import { z } from 'zod';
import { type AllowedEndpoint, parseAllowList } from './fetch/address-policy.ts';
import { type ModelPrice, parsePriceTable } from './llm/prices.ts';

const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Settings read from the environment, validated once at start-up with messages a person can act on. */
const EnvSchema = z.object({
  BRIEFING_DATA_DIR: z.string().min(1).optional(),
  BRIEFING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  BRIEFING_LLM: z.enum(['openai', 'offline']).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  OPENAI_TIMEOUT_MS: intFromEnv(1_000, 600_000).default(30_000),
  OPENAI_MAX_RETRIES: intFromEnv(0, 10).default(2),
  OPENAI_IDLE_TIMEOUT_MS: intFromEnv(1_000, 600_000).default(20_000),
  BRIEFING_LLM_PAUSE_MS: intFromEnv(0, 3_600_000).default(30_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  // Before every Redis key and channel, so deployments (and tests) can share one Redis.
  BRIEFING_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, '1-64 letters, digits, ":", ".", "_" or "-"')
    .default('briefing:'),
  // Every store in PostgreSQL instead of the data dir's SQLite file (deployments with several processes).
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  BRIEFING_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL name: letters, digits and _')
    .optional(),
  BRIEFING_CACHE_TTL_DAYS: intFromEnv(1, 3650).default(90),
  BRIEFING_LLM_PRICES: z.string().optional(),
  // Unsafe: lets the fetcher reach the named private host:port pairs (tests, intranets).
  BRIEFING_FETCH_ALLOW: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseAllowList(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  // How late a missed digest may still be posted after downtime (older ones are recorded as skipped).
  BRIEFING_DIGEST_GRACE_MINUTES: intFromEnv(0, 1440).default(180),
  BRIEFING_TICK_MS: intFromEnv(100, 600_000).default(30_000),
  BRIEFING_DIGEST_LEASE_MS: intFromEnv(1_000, 3_600_000).default(300_000),
});

type Env = z.infer<typeof EnvSchema>;

export interface LlmConfig {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Longest silence inside a reply once its headers came. */
  idleTimeoutMs: number;
  /** How long the circuit breaker keeps the LLM paused after repeated outages. */
  pauseMs: number;
}

export interface EnvConfig extends Env {
  /** The LLM to use, or undefined for the offline engine. */
  llm?: LlmConfig | undefined;
  prices: Record<string, ModelPrice>;
  /** Private endpoints the fetcher may reach (BRIEFING_FETCH_ALLOW); empty by default. */
  fetchAllow: AllowedEndpoint[];
}

// Local OpenAI-compatible servers (Ollama, llama.cpp) ignore the key, but the SDK requires one.
const LOCAL_SERVER_KEY = 'not-needed';

/** Parses the environment; throws one message naming every bad setting, and never echoes secret values. */
export function readEnv(env: NodeJS.ProcessEnv): EnvConfig {
  // An empty variable (`BRIEFING_DATA_DIR=`) means "not set", as shells and .env files use it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  // A key, or the address of a local server, says "use the LLM" unless BRIEFING_LLM says otherwise.
  const configured = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  const wantsLlm = e.BRIEFING_LLM === 'openai' || (e.BRIEFING_LLM === undefined && configured);
  if (wantsLlm && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new Error(
      'invalid configuration: BRIEFING_LLM=openai needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server',
    );
  }
  return {
    ...e,
    prices: parsePriceTable(e.BRIEFING_LLM_PRICES),
    fetchAllow: parseAllowList(e.BRIEFING_FETCH_ALLOW),
    llm: wantsLlm
      ? {
          apiKey: e.OPENAI_API_KEY ?? LOCAL_SERVER_KEY,
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
          idleTimeoutMs: e.OPENAI_IDLE_TIMEOUT_MS,
          pauseMs: e.BRIEFING_LLM_PAUSE_MS,
        }
      : undefined,
  };
}
