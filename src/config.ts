import { type AllowedEndpoint, parseAllowList } from './fetch/address-policy.ts';
import { type ModelPrice, parsePriceTable } from './llm/prices.ts';

/*
 * Checked by hand rather than with a schema library: every process reads its settings at start-up,
 * and loading zod's modules cost about a third of a CPU-second each time.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings read from the environment, validated once at start-up with messages a person can act on. */
interface Env {
  BRIEFING_DATA_DIR?: string | undefined;
  BRIEFING_LOG_LEVEL: (typeof LOG_LEVELS)[number];
  BRIEFING_LLM?: 'openai' | 'offline' | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL: string;
  OPENAI_TIMEOUT_MS: number;
  OPENAI_MAX_RETRIES: number;
  OPENAI_IDLE_TIMEOUT_MS: number;
  BRIEFING_LLM_PAUSE_MS: number;
  REDIS_URL?: string | undefined;
  /** Before every Redis key and channel, so deployments (and tests) can share one Redis. */
  BRIEFING_REDIS_PREFIX: string;
  /** Every store in PostgreSQL instead of the data dir's SQLite file (deployments with several processes). */
  DATABASE_URL?: string | undefined;
  BRIEFING_DATABASE_SCHEMA?: string | undefined;
  BRIEFING_CACHE_TTL_DAYS: number;
  BRIEFING_LLM_PRICES?: string | undefined;
  /** Unsafe: lets the fetcher reach the named private host:port pairs (tests, intranets). */
  BRIEFING_FETCH_ALLOW?: string | undefined;
  /** How late a missed digest may still be posted after downtime (older ones are recorded as skipped). */
  BRIEFING_DIGEST_GRACE_MINUTES: number;
  BRIEFING_TICK_MS: number;
  BRIEFING_DIGEST_LEASE_MS: number;
}

/** Reads settings one by one, collecting a problem per bad one; messages never quote a value. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Record<string, string>) {}

  text(name: string): string | undefined {
    return this.env[name];
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.env[name];
    if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
    this.problems.push(`${name}: expected one of ${allowed.map((a) => `"${a}"`).join('|')}`);
    return undefined;
  }

  int(name: string, min: number, max: number, fallback: number): number {
    const value = this.env[name];
    if (value === undefined) return fallback;
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isInteger(n)) this.problems.push(`${name}: expected an integer`);
    else if (n < min || n > max) this.problems.push(`${name}: expected an integer from ${min} to ${max}`);
    else return n;
    return fallback;
  }

  url(name: string, protocols: RegExp, wanted: string): string | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    let protocol: string | undefined;
    try {
      protocol = new URL(value).protocol.replace(/:$/, '');
    } catch {
      protocol = undefined;
    }
    if (protocol !== undefined && protocols.test(protocol)) return value;
    this.problems.push(`${name}: expected a ${wanted} URL`);
    return undefined;
  }

  matching(name: string, pattern: RegExp, what: string): string | undefined {
    const value = this.env[name];
    if (value === undefined || pattern.test(value)) return value;
    this.problems.push(`${name}: ${what}`);
    return undefined;
  }

  check(name: string, parse: (value: string | undefined) => unknown): string | undefined {
    const value = this.env[name];
    try {
      parse(value);
    } catch (error) {
      this.problems.push(`${name}: ${(error as Error).message}`);
    }
    return value;
  }
}

function parseEnv(present: Record<string, string>): Env {
  const r = new EnvReader(present);
  const env: Env = {
    BRIEFING_DATA_DIR: r.text('BRIEFING_DATA_DIR'),
    BRIEFING_LOG_LEVEL: r.oneOf('BRIEFING_LOG_LEVEL', LOG_LEVELS) ?? 'warn',
    BRIEFING_LLM: r.oneOf('BRIEFING_LLM', ['openai', 'offline'] as const),
    OPENAI_API_KEY: r.text('OPENAI_API_KEY'),
    OPENAI_BASE_URL: r.url('OPENAI_BASE_URL', /^https?$/, 'http(s)'),
    OPENAI_MODEL: r.text('OPENAI_MODEL') ?? 'gpt-4.1-mini',
    OPENAI_TIMEOUT_MS: r.int('OPENAI_TIMEOUT_MS', 1_000, 600_000, 30_000),
    OPENAI_MAX_RETRIES: r.int('OPENAI_MAX_RETRIES', 0, 10, 2),
    OPENAI_IDLE_TIMEOUT_MS: r.int('OPENAI_IDLE_TIMEOUT_MS', 1_000, 600_000, 20_000),
    BRIEFING_LLM_PAUSE_MS: r.int('BRIEFING_LLM_PAUSE_MS', 0, 3_600_000, 30_000),
    REDIS_URL: r.url('REDIS_URL', /^rediss?$/, 'redis(s)'),
    BRIEFING_REDIS_PREFIX:
      r.matching('BRIEFING_REDIS_PREFIX', /^[\w:.-]{1,64}$/, '1-64 letters, digits, ":", ".", "_" or "-"') ??
      'briefing:',
    DATABASE_URL: r.url('DATABASE_URL', /^postgres(ql)?$/, 'postgres'),
    BRIEFING_DATABASE_SCHEMA: r.matching(
      'BRIEFING_DATABASE_SCHEMA',
      /^[a-z_][a-z0-9_]{0,62}$/,
      'a lower-case SQL name: letters, digits and _',
    ),
    BRIEFING_CACHE_TTL_DAYS: r.int('BRIEFING_CACHE_TTL_DAYS', 1, 3650, 90),
    BRIEFING_LLM_PRICES: r.text('BRIEFING_LLM_PRICES'),
    BRIEFING_FETCH_ALLOW: r.check('BRIEFING_FETCH_ALLOW', parseAllowList),
    BRIEFING_DIGEST_GRACE_MINUTES: r.int('BRIEFING_DIGEST_GRACE_MINUTES', 0, 1440, 180),
    BRIEFING_TICK_MS: r.int('BRIEFING_TICK_MS', 100, 600_000, 30_000),
    BRIEFING_DIGEST_LEASE_MS: r.int('BRIEFING_DIGEST_LEASE_MS', 1_000, 3_600_000, 300_000),
  };
  if (r.problems.length > 0) throw new Error(`invalid configuration: ${r.problems.join('; ')}`);
  return env;
}

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
  const e = parseEnv(present as Record<string, string>);
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
