import type { ShardSpec } from '../transports/discord/client.ts';

/** Shards one Discord bot may declare; Discord asks very large bots for thousands. */
export const MAX_SHARDS = 4096;
/** Shard processes one `--shards N` launcher runs on this machine. */
export const MAX_LOCAL_SHARDS = 64;

/** How `briefing-bot discord` runs: one process for all guilds, one shard, or a launcher of N shards. */
export type ShardPlan =
  | { kind: 'single' }
  | { kind: 'shard'; shard: ShardSpec }
  | { kind: 'launcher'; count: number };

export type ShardPlanResult = { ok: true; plan: ShardPlan } | { ok: false; message: string };

/**
 * Reads `--shard I --shards N` as typed: `--shards N` alone runs N shard processes here, both run
 * shard I of N, neither runs one unsharded process. Each refusal names the option it is about.
 */
export function parseShardPlan(raw: {
  shard?: string | undefined;
  shards?: string | undefined;
}): ShardPlanResult {
  if (raw.shards === undefined) {
    if (raw.shard === undefined) return { ok: true, plan: { kind: 'single' } };
    return refuse('--shard needs --shards (how many shards the bot has in all), e.g. --shard 0 --shards 2');
  }
  const count = wholeNumber(raw.shards);
  if (count === undefined || count < 1 || count > MAX_SHARDS)
    return refuse(`--shards must be a whole number from 1 to ${MAX_SHARDS} (got "${raw.shards}")`);
  if (raw.shard === undefined) {
    if (count > MAX_LOCAL_SHARDS)
      return refuse(
        `--shards without --shard runs that many processes on this machine: at most ${MAX_LOCAL_SHARDS} (got ${count}); spread more over machines with --shard I --shards ${count}`,
      );
    return { ok: true, plan: { kind: 'launcher', count } };
  }
  const id = wholeNumber(raw.shard);
  if (id === undefined || id >= count)
    return refuse(
      `--shard must be a whole number from 0 to ${count - 1} with --shards ${count} (got "${raw.shard}")`,
    );
  return { ok: true, plan: { kind: 'shard', shard: { id, count } } };
}

/** Digits only (no sign, no exponent, no spaces), and not absurdly long. */
function wholeNumber(text: string): number | undefined {
  return /^\d{1,6}$/.test(text) ? Number(text) : undefined;
}

function refuse(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
