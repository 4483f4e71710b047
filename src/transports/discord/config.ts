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
});

/** Discord settings; the token is kept out of logs and error messages. */
export interface DiscordConfig {
  token: string | undefined;
  applicationId: string | undefined;
  guildId: string | undefined;
  apiBase: string;
  /** The privileged Message Content intent: follow-ups in threads without an @mention. */
  messageContent: boolean;
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
  };
}
