import type { Services } from '../briefing/services.ts';
import type { RateLimiter } from '../core/rate-limiter.ts';
import type { TenantId } from '../core/types.ts';
import { messages } from './messages.ts';
import { messageReply, type Reply } from './reply.ts';

/**
 * What a command declares must hold before it runs. The dispatcher checks them, in this order,
 * for every trigger, so no transport repeats a permission or rate check.
 * - `guild-only`: inside a server (every command is; a DM is refused). Checked for all commands.
 * - `manage`: the caller may manage the server (Discord's Manage Server).
 * - `rate-limited`: costs engine work; one token of the caller's per-server bucket.
 * - `needs-articles`: the server has at least one stored article.
 */
export type Precondition = 'guild-only' | 'manage' | 'rate-limited' | 'needs-articles';

/** Checked before every command, whatever it declares. */
export const GLOBAL_PRECONDITIONS: readonly Precondition[] = ['guild-only'];

/** Who invoked a command, as the trigger knows them. */
export interface Caller {
  /** The server; undefined outside one (a Discord DM). */
  tenant: TenantId | undefined;
  userId: string;
  /** Conversation continued or started: a briefing thread, a channel, the terminal session. */
  conversationId: string;
  canManage: boolean;
}

export interface PreconditionDeps {
  services: Services;
  /** Per-caller buckets for `rate-limited`; without one (the terminal), nothing is limited. */
  limiter?: RateLimiter | undefined;
}

/** The first precondition that fails, as a refusal the transport shows privately; undefined when all hold. */
export async function checkPreconditions(
  preconditions: readonly Precondition[],
  caller: Caller,
  path: string,
  deps: PreconditionDeps,
): Promise<Reply | undefined> {
  for (const precondition of preconditions) {
    const refusal = await CHECKS[precondition](caller, path, deps);
    if (refusal) return refusal;
  }
  return undefined;
}

type Check = (caller: Caller, path: string, deps: PreconditionDeps) => Promise<Reply | undefined>;

const CHECKS: Record<Precondition, Check> = {
  'guild-only': async (caller) =>
    caller.tenant === undefined ? messageReply(messages.guildOnly, 'guild-only') : undefined,
  manage: async (caller, path) =>
    caller.canManage ? undefined : messageReply(messages.notAllowed(path), 'not-allowed'),
  'rate-limited': async (caller, _path, deps) => {
    if (!deps.limiter) return undefined;
    const decision = await deps.limiter.take(`${caller.tenant}:${caller.userId}`);
    return decision.allowed
      ? undefined
      : messageReply(messages.rateLimited(decision.retryAfterMs), 'rate-limited');
  },
  'needs-articles': async (caller, _path, deps) =>
    caller.tenant !== undefined && (await deps.services.store.countArticles(caller.tenant)) === 0
      ? messageReply(messages.noArticles, 'no-articles')
      : undefined,
};
