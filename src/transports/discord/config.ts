import { z } from 'zod';

/** Discord's REST base; `DISCORD_API_BASE` points elsewhere (a proxy, or the local fake in tests). */
export const DEFAULT_API_BASE = 'https://discord.com/api';

const Snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');

const DiscordEnvSchema = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: Snowflake.optional(),
  DISCORD_GUILD_ID: Snowflake.optional(),
  DISCORD_API_BASE: z.url({ protocol: /^https?$/ }).default(DEFAULT_API_BASE),
  DISCORD_MESSAGE_CONTENT: z.enum(['0', '1']).default('0'),
  // Discord allows one IDENTIFY per 5 s: `--shards N` starts its processes this far apart.
  BRIEFING_SHARD_SPAWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(5_500),
  // Engine work per user and server: a burst of this many, then one more per refill period.
  BRIEFING_RATE_BURST: z.coerce.number().int().min(1).max(1_000).default(5),
  BRIEFING_RATE_REFILL_MS: z.coerce.number().int().min(100).max(86_400_000).default(12_000),
  // How long a deferred reply's process may go silent before another process finishes the reply.
  BRIEFING_REPLY_GRACE_MS: z.coerce.number().int().min(500).max(600_000).default(60_000),
});

/** Discord settings; the token is kept out of logs and error messages. */
export interface DiscordConfig {
  token: string | undefined;
  applicationId: string | undefined;
  guildId: string | undefined;
  apiBase: string;
  /** The privileged Message Content intent: follow-ups in threads without an @mention. */
  messageContent: boolean;
  /** Between the starts of two shard processes (BRIEFING_SHARD_SPAWN_DELAY_MS). */
  shardSpawnDelayMs?: number | undefined;
  /** Per-user rate limit (BRIEFING_RATE_BURST, BRIEFING_RATE_REFILL_MS). */
  rateLimit?: { capacity: number; refillMs: number } | undefined;
  /**
   * The lease on a deferred reply (BRIEFING_REPLY_GRACE_MS): renewed while its process works; once
   * it lapses another process re-runs the command and edits the response.
   */
  replyGraceMs?: number | undefined;
}

/** Reads the DISCORD_* variables; throws one message naming each bad setting (never the token's value). */
export function readDiscordEnv(env: NodeJS.ProcessEnv): DiscordConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = DiscordEnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid Discord configuration: ${problems}`);
  }
  const v = parsed.data;
  return {
    token: v.DISCORD_TOKEN,
    applicationId: v.DISCORD_APPLICATION_ID,
    guildId: v.DISCORD_GUILD_ID,
    apiBase: v.DISCORD_API_BASE.replace(/\/+$/, ''),
    messageContent: v.DISCORD_MESSAGE_CONTENT === '1',
    shardSpawnDelayMs: v.BRIEFING_SHARD_SPAWN_DELAY_MS,
    rateLimit: { capacity: v.BRIEFING_RATE_BURST, refillMs: v.BRIEFING_RATE_REFILL_MS },
    replyGraceMs: v.BRIEFING_REPLY_GRACE_MS,
  };
}
