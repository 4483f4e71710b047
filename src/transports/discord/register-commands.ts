import { REST, Routes } from 'discord.js';
import { COMMANDS } from '../../commands/registry.ts';
import { buildCommandPayloads } from './command-payloads.ts';

export interface RegisterOptions {
  token: string;
  apiBase: string;
  /** Read from `GET /applications/@me` when not given. */
  applicationId?: string | undefined;
  /** Registers to one server (instant updates) instead of globally (may take up to an hour). */
  guildId?: string | undefined;
  /** An existing REST client (the bot's), so registration shares its rate-limit state. */
  rest?: REST | undefined;
}

/** Replaces the bot's slash commands (global or one guild) with the current definitions; returns how many. */
export async function registerCommands(options: RegisterOptions): Promise<{ count: number; scope: string }> {
  const rest = options.rest ?? new REST({ api: options.apiBase }).setToken(options.token);
  const applicationId =
    options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const body = buildCommandPayloads(COMMANDS);
  const route = options.guildId
    ? Routes.applicationGuildCommands(applicationId, options.guildId)
    : Routes.applicationCommands(applicationId);
  const result = (await rest.put(route, { body })) as unknown[];
  return { count: result.length, scope: options.guildId ? `guild ${options.guildId}` : 'global' };
}
