import { DiscordAPIError, type REST, RESTJSONErrorCodes } from 'discord.js';
import { messageReply, type Reply } from '../../commands/reply.ts';
import type { RawOptions } from '../../commands/validate-options.ts';
import { inPool } from '../../core/pool.ts';
import type { DueJob } from '../../core/scheduler.ts';
import type { PendingReply, PendingReplyStore } from '../../store/pending-reply-store.ts';
import { downloadAttachment } from './attachments.ts';
import { anchorAndStartThread } from './brief-followups.ts';
import { type BotDeps, safeError } from './context.ts';
import type { ReplyLeases } from './reply-lease.ts';
import { deliverByWebhook } from './webhook-reply.ts';

/** Replies claimed per tick; each is one command run and one edit. */
const CLAIMS_PER_TICK = 10;
/** Claimed replies finished at once (their commands still wait in the bot's work queue). */
const FINISH_CONCURRENCY = 4;

/** Discord's answers meaning the interaction can no longer be answered: the token died, or the response is gone. */
const GONE_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InvalidWebhookToken,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownInteraction,
]);

export interface PendingReplyJobDeps {
  store: PendingReplyStore;
  leases: ReplyLeases;
  /** The bot's: dispatcher, services (clock, logger), work queue, attachment download. */
  bot: Pick<BotDeps, 'dispatcher' | 'services' | 'work' | 'attachmentHosts' | 'attachmentFetcher'>;
  /** The bot's REST client (its queue and rate limits); webhook routes need no bot token. */
  rest: REST;
}

/**
 * Finishes replies whose process died: each tick claims deferred interactions whose lease lapsed
 * (any shard's: the webhook needs only the application id and the token), re-runs each command
 * through the shared dispatcher as its member asked it, and edits the original response through
 * `PATCH /webhooks/{application}/{token}/messages/@original`, then forgets it. The claim is renewed
 * while this process works, so a long command is not taken over a second time.
 */
export class PendingReplyJob implements DueJob {
  readonly name = 'pending-replies';

  constructor(private readonly deps: PendingReplyJobDeps) {}

  async runDue(now: Date): Promise<number> {
    const { store, leases } = this.deps;
    const claimed = await store.claimStale(now, CLAIMS_PER_TICK, leases.graceMs);
    await inPool(claimed, FINISH_CONCURRENCY, (pending) => this.finish(pending));
    return claimed.length;
  }

  private async finish(pending: PendingReply): Promise<void> {
    const { bot, rest, leases } = this.deps;
    const { logger } = bot.services;
    const where = {
      tenant: pending.tenant,
      interaction: pending.interactionId,
      attempt: pending.attempt,
      command: pending.command.name,
    };
    const held = leases.keep(pending.tenant, pending.interactionId, pending.attempt);
    try {
      const reply = await bot.work.run(() => this.rerun(pending));
      // Stalled past the claim's lease: a third process has it and answers.
      if (!(await held.stillHeld())) return;
      const message = await deliverByWebhook(rest, pending, reply);
      if (message && reply.conversation && !reply.error) {
        // A thread's own id is its conversation: the reply was asked inside a thread, so none is started.
        const inThread = pending.conversationId === pending.channelId;
        await anchorAndStartThread(
          rest,
          { channelId: message.channelId, messageId: message.id },
          inThread,
          reply,
          pending.tenant,
          bot,
        );
      }
      await held.release();
      logger.info(where, 'pending reply finished by this process');
    } catch (error) {
      if (error instanceof DiscordAPIError && GONE_CODES.has(Number(error.code))) {
        await held.release();
        logger.info(
          { ...where, code: error.code },
          'pending reply dropped: the interaction can no longer be answered',
        );
        return;
      }
      // Left to lapse: another attempt (here or elsewhere) may still finish it while the token lives.
      await held.abandon();
      logger.warn({ ...where, ...safeError(error) }, 'pending reply not finished');
    }
  }

  /**
   * The command again, as its member asked it: files downloaded again, preconditions checked again,
   * titled as the receiver would have.
   */
  private async rerun(pending: PendingReply): Promise<Reply> {
    const { bot } = this.deps;
    const { command } = pending;
    const options: RawOptions = { ...command.options };
    for (const [name, attachment] of Object.entries(command.attachments)) {
      const doc = await downloadAttachment(attachment, bot.attachmentHosts, bot.attachmentFetcher);
      if (!doc.ok) return messageReply(doc.message, 'rejected');
      options[name] = doc.value;
    }
    const reply = await bot.dispatcher.dispatch(
      { trigger: command.trigger ?? 'slash', name: command.name, subcommand: command.subcommand, options },
      {
        tenant: pending.tenant,
        userId: pending.userId,
        conversationId: pending.conversationId,
        canManage: pending.canManage,
      },
    );
    return command.replyTitle && !reply.error ? { ...reply, title: command.replyTitle } : reply;
  }
}
