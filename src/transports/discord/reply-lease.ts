import type { Caller } from '../../commands/preconditions.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type {
  PendingCommand,
  PendingReplyInput,
  PendingReplyStore,
} from '../../store/pending-reply-store.ts';
import { type BotDeps, safeError } from './context.ts';
import type { RepliableInteraction } from './deliver.ts';

/** The lease on a deferred reply when BRIEFING_REPLY_GRACE_MS is not set. */
export const DEFAULT_REPLY_GRACE_MS = 60_000;

/** Renewals per lease: a lease survives two missed renewals (a slow statement, a busy loop). */
const RENEWALS_PER_LEASE = 3;

export interface ReplyLeasesOptions {
  store: PendingReplyStore;
  clock: Clock;
  logger: Logger;
  /** How long a reply's process may go silent before another process finishes it. */
  graceMs: number;
}

/** A reply this process is working on: renewed until released. */
export interface HeldReply {
  /** The attempt this process holds (1 when it received the interaction, more after a takeover). */
  readonly attempt: number;
  /**
   * Renews now and says whether this process still holds the reply: false once another process
   * has taken it over (this one stalled past its lease), which then answers instead. A store that
   * cannot be reached counts as still held: answering twice beats not answering.
   */
  stillHeld(): Promise<boolean>;
  /** Stops renewing and forgets the reply: this process is done with the interaction. */
  release(): Promise<void>;
  /** Stops renewing but keeps the reply: its lease lapses and another attempt may finish it. */
  abandon(): Promise<void>;
}

/**
 * The receiving side of reply hand-off: a deferred command's reply is recorded before the command
 * runs and its lease renewed while this process works, so if the process dies the lease lapses and
 * another process's PendingReplyJob finishes the reply. A reply that cannot be recorded (the store
 * is down) still runs; it only loses the safety net. Log lines name the interaction, never its token.
 */
export class ReplyLeases {
  constructor(private readonly options: ReplyLeasesOptions) {}

  get graceMs(): number {
    return this.options.graceMs;
  }

  /** Records a new reply in progress and keeps its lease until released. */
  async hold(input: PendingReplyInput): Promise<HeldReply | undefined> {
    const { store, clock, logger, graceMs } = this.options;
    try {
      const row = await store.record(input, graceMs, clock.now());
      return this.keep(input.tenant, input.interactionId, row.attempt);
    } catch (error) {
      logger.warn(
        { tenant: input.tenant, interaction: input.interactionId, ...safeError(error) },
        'pending reply not recorded; no other process can finish it',
      );
      return undefined;
    }
  }

  /** Renews a reply this process holds (recorded here, or claimed from a dead process) until released. */
  keep(tenant: string, interactionId: string, attempt: number): HeldReply {
    const { store, clock, logger, graceMs } = this.options;
    let released = false;
    let lost = false;
    let renewing: Promise<void> = Promise.resolve();
    const renew = async () => {
      if (released) return;
      try {
        const held = await store.renew(tenant, interactionId, attempt, graceMs, clock.now());
        if (!held && !released) {
          // Another process found the lease lapsed (this one stalled) and is finishing the reply.
          released = lost = true;
          clearInterval(timer);
          logger.warn(
            { tenant, interaction: interactionId, attempt },
            'pending reply no longer held here (another process took it over, or its token died)',
          );
        }
      } catch (error) {
        logger.warn(
          { tenant, interaction: interactionId, ...safeError(error) },
          'pending reply lease not renewed',
        );
      }
    };
    const renewNow = () => {
      renewing = renewing.then(renew);
      return renewing;
    };
    const timer = setInterval(() => void renewNow(), Math.max(100, Math.floor(graceMs / RENEWALS_PER_LEASE)));
    // Renewals never keep a process alive that has nothing else to do.
    timer.unref();
    const stop = async (): Promise<boolean> => {
      if (released) return false;
      released = true;
      clearInterval(timer);
      await renewing;
      return true;
    };
    return {
      attempt,
      stillHeld: async () => {
        await renewNow();
        return !lost;
      },
      abandon: async () => {
        await stop();
      },
      release: async () => {
        if (!(await stop())) return;
        try {
          await store.remove(tenant, interactionId);
        } catch (error) {
          // The row outlives this process's interest in it: another process may re-run it once.
          logger.warn(
            { tenant, interaction: interactionId, ...safeError(error) },
            'pending reply not removed',
          );
        }
      },
    };
  }
}

/**
 * Records a just-deferred interaction's reply for hand-off, when the bot records them and the
 * interaction has a server (DMs are refused before anything is deferred).
 */
export async function holdReply(
  interaction: RepliableInteraction,
  deps: Pick<BotDeps, 'replyLeases'>,
  caller: Caller,
  receivedAt: Date,
  command: PendingCommand,
): Promise<HeldReply | undefined> {
  if (!deps.replyLeases || caller.tenant === undefined || interaction.channelId === null) return undefined;
  return deps.replyLeases.hold({
    tenant: caller.tenant,
    interactionId: interaction.id,
    applicationId: interaction.applicationId,
    token: interaction.token,
    command,
    userId: caller.userId,
    channelId: interaction.channelId,
    conversationId: caller.conversationId,
    canManage: caller.canManage,
    receivedAt,
  });
}
