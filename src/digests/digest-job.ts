import type { Dispatcher } from '../commands/dispatcher.ts';
import type { Reply } from '../commands/reply.ts';
import type { Logger } from '../core/logger.ts';
import { inPool } from '../core/pool.ts';
import type { Publisher, PublishOptions } from '../core/publisher.ts';
import type { DueJob } from '../core/scheduler.ts';
import type { TenantId } from '../core/types.ts';
import type { DigestRun, DigestSchedule, DigestStore, DueCandidate } from './digest-store.ts';
import { scheduleStateOf } from './digest-store.ts';
import { DEFAULT_GRACE_MS, planDue, recoveryAction } from './due-runs.ts';

/** How long a claim holds: longer than composing and posting one digest with Discord's retries. */
export const DIGEST_LEASE_MS = 5 * 60_000;
/** Schedules handled per tick at most, so one tick stays short; the rest wait for the next. */
const BATCH = 200;
/**
 * Due schedules composed and posted at once within a tick. Sequentially, a tick waited out every
 * post's round trips one after another; Discord's rate limit is enforced by the REST client's
 * queue anyway, so a few in flight keep that queue busy without flooding it.
 */
export const DIGEST_POST_CONCURRENCY = 8;

export interface DigestJobDeps {
  digests: DigestStore;
  dispatcher: Dispatcher;
  publisher: Publisher;
  logger: Logger;
  /** Which schedules this process's publisher serves (the terminal's, or Discord channels). */
  serves: (schedule: DigestSchedule) => boolean;
  /**
   * The tenants it serves, asked each tick, when it serves only some (a shard's servers; those a bot
   * is still in): the store's queries are limited to them, so a batch is never filled with
   * schedules `serves` refuses, which stay due (and first in line) for ever.
   */
  tenants?: (() => readonly TenantId[]) | undefined;
  /**
   * Which expired claims (a dead process's runs) this process may recover; default `serves`.
   * Recovery works on any Discord channel over REST, so a shard's survivors finish a dead shard's
   * claims instead of waiting for that shard's next process. Expired claims are listed for every
   * tenant (they are crash leftovers, a few at most), unlike due schedules, which stay scoped.
   */
  recovers?: ((schedule: DigestSchedule) => boolean) | undefined;
  graceMs?: number | undefined;
  /** Default {@link DIGEST_LEASE_MS}. */
  leaseMs?: number | undefined;
  /** Default {@link DIGEST_POST_CONCURRENCY}. */
  postConcurrency?: number | undefined;
}

/**
 * Posts due digests exactly once: each run is claimed in the store before anything is sent, posted
 * with its run id as nonce and marker, and recorded. A run whose owner died is re-claimed after its
 * lease and recovered by the state it was left in: never sent → post; maybe sent → find the post
 * and adopt it, post again only when the channel's history shows it is not there, and record
 * `unknown` when nobody can tell.
 */
export class DigestJob implements DueJob {
  readonly name = 'digests';
  private readonly graceMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;

  constructor(private readonly deps: DigestJobDeps) {
    this.graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
    this.leaseMs = deps.leaseMs ?? DIGEST_LEASE_MS;
    this.concurrency = deps.postConcurrency ?? DIGEST_POST_CONCURRENCY;
  }

  async runDue(now: Date): Promise<number> {
    const { digests } = this.deps;
    const scope = { tenants: this.deps.tenants?.() };
    const recovers = this.deps.recovers ?? this.deps.serves;
    let handled = 0;
    // Not scoped: a dead shard's claims are for any survivor; one conditional re-claim picks who.
    for (const { schedule, run } of await digests.listExpiredClaims(now, BATCH)) {
      if (!recovers(schedule)) continue;
      if (await this.recover(schedule, run, now)) handled++;
    }
    // Each candidate is a different schedule, and each run is won by one atomic claim, so posting
    // several at once changes nothing about exactly-once: only who waits for whose round trip.
    const due = (await digests.listDue(now, BATCH, scope)).filter((c) => this.deps.serves(c.schedule));
    const posted = await inPool(due, this.concurrency, (c) => this.runDueOne(c, now));
    return handled + posted.filter(Boolean).length;
  }

  /** Plans one due schedule, records missed days, claims and posts its run; true if it claimed one. */
  private async runDueOne({ schedule, lastRun }: DueCandidate, now: Date): Promise<boolean> {
    const { digests } = this.deps;
    const plan = planDue({ schedule: scheduleStateOf(schedule), lastRun, now, graceMs: this.graceMs });
    await digests.recordSkipped(schedule.tenant, schedule.id, plan.skip, 'MISSED');
    if (!plan.post) return false;
    const claim = await digests.claimRun(schedule.tenant, schedule.id, plan.post, this.leaseMs);
    if (!claim.claimed) return false;
    await this.post(schedule, claim.run);
    return true;
  }

  /** A run re-claimed after its owner's lease expired. */
  private async recover(schedule: DigestSchedule, expired: DigestRun, now: Date): Promise<boolean> {
    const { digests, publisher } = this.deps;
    const claim = await digests.claimRun(
      schedule.tenant,
      schedule.id,
      { at: expired.dueAt, localDate: expired.localDate, windowStart: expired.windowStart },
      this.leaseMs,
    );
    if (!claim.claimed) return false;
    const { run } = claim;
    const action = recoveryAction(claim.reclaimedFrom ?? 'claimed', run.dueAt, now, this.graceMs);
    this.deps.logger.warn({ tenant: run.tenant, run: run.id, action }, 'recovering a digest run');
    if (action === 'post') return this.post(schedule, run).then(() => true);
    if (action === 'skip') return digests.markSkipped(run, 'GRACE_PASSED');
    const destination = { tenant: run.tenant, channelId: schedule.channelId };
    const found = await publisher.findPost(destination, this.publishOptions(run, schedule), run.claimedAt);
    if (found.found === true) {
      await this.anchor(run, found.ref);
      return digests.markPosted(run, found.ref);
    }
    if (found.found === 'unknown' || action === 'find-or-unknown') {
      return digests.markUnknown(run, found.found === 'unknown' ? 'HISTORY_UNREADABLE' : 'GRACE_PASSED');
    }
    await this.post(schedule, run);
    return true;
  }

  private async post(schedule: DigestSchedule, run: DigestRun): Promise<void> {
    const { digests, publisher, logger } = this.deps;
    const reply = await this.compose(schedule, run);
    if (reply.error === 'no-match' && schedule.whenEmpty === 'skip') {
      await digests.markSkipped(run, 'EMPTY');
      return;
    }
    if (reply.error && reply.error !== 'no-match') {
      await digests.markFailed(run, `COMPOSE_${reply.error.toUpperCase()}`);
      return;
    }
    if (!(await digests.markPosting(run))) return;
    const outcome = await publisher.publish(
      { tenant: run.tenant, channelId: schedule.channelId },
      { ...reply, error: undefined },
      this.publishOptions(run, schedule, reply),
    );
    if (outcome.ok) {
      await this.anchor(run, outcome.ref);
      await digests.markPosted(run, outcome.ref);
      logger.info({ tenant: run.tenant, run: run.id, message: outcome.ref.messageId }, 'digest posted');
      return;
    }
    logger.warn({ tenant: run.tenant, run: run.id, code: outcome.code }, 'digest not posted');
    // Transient failures keep the run in `posting`: its lease expires and recovery tries again,
    // with the same nonce, after looking for the post.
    if (outcome.code === 'TRANSIENT') return;
    await digests.disableSchedule(run.tenant, schedule.id, outcome.code, outcome.message.slice(0, 200));
    await digests.markFailed(run, outcome.code);
  }

  private compose(schedule: DigestSchedule, run: DigestRun): Promise<Reply> {
    return this.deps.dispatcher.dispatch(
      {
        trigger: 'schedule',
        name: 'digest-compose',
        options: { schedule: schedule.id, from: run.windowStart.toISOString(), to: run.dueAt.toISOString() },
      },
      { tenant: run.tenant, userId: 'scheduler', conversationId: conversationOf(run), canManage: true },
    );
  }

  private publishOptions(run: DigestRun, schedule: DigestSchedule, reply?: Reply): PublishOptions {
    const threadName = reply?.conversation?.threadName ?? schedule.topic ?? 'Daily digest';
    return {
      kind: 'digest',
      runId: run.id,
      thread: reply === undefined || reply.conversation ? { name: threadName } : undefined,
      conversationId: conversationOf(run),
    };
  }

  private async anchor(
    run: DigestRun,
    ref: { channelId: string; messageId: string; threadId?: string | undefined },
  ) {
    try {
      await this.deps.dispatcher.anchor(run.tenant, conversationOf(run), ref);
    } catch (error) {
      // The post stands; only its follow-ups lose their memory.
      this.deps.logger.warn({ err: error, run: run.id }, 'digest conversation not anchored');
    }
  }
}

/** The conversation a digest run starts: its thread's follow-ups continue it. */
function conversationOf(run: DigestRun): string {
  return `digest:${run.id}`;
}
