import { z } from 'zod';

/** Settings read from the environment, validated once at start-up with messages a person can act on. */
const EnvSchema = z.object({
  BRIEFING_DATA_DIR: z.string().min(1).optional(),
  BRIEFING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export type EnvConfig = z.infer<typeof EnvSchema>;

/** Parses the environment; throws a one-paragraph error naming every bad setting. */
export function readEnv(env: NodeJS.ProcessEnv): EnvConfig {
  // An empty variable (`BRIEFING_DATA_DIR=`) means "not set", as shells and .env files use it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid configuration: ${problems}`);
}
