import type { Clock } from '../../core/clock.ts';
import type { TenantId } from '../../core/types.ts';
import type { UsageEvent, UsageLedger, UsageTotals } from '../../core/usage.ts';
import type { PgDatabase } from './pg-database.ts';

interface Pending {
  tenant: string;
  day: string;
  task: string;
  model: string;
  calls: number;
  hits: number;
  misses: number;
  prompt: number;
  completion: number;
}

interface TotalsRow {
  task: string;
  model: string;
  calls: number;
  cache_hits: number;
  cache_misses: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** Distinct (tenant, day, task, model) sums held while a write is in flight; more are dropped and reported. */
const MAX_PENDING_KEYS = 10_000;

/**
 * The usage ledger on PostgreSQL. `record` is synchronous for its callers (an LLM call must not
 * wait on, or fail with, the ledger), so events are summed in memory and written by one multi-row
 * upsert at a time in the background; `totals` and `flush` wait for what was recorded before them.
 * Same running sums per tenant, day, task and model as SqliteUsageLedger.
 */
export class PgUsageLedger implements UsageLedger {
  private pending = new Map<string, Pending>();
  private writing: Promise<void> | undefined;

  constructor(
    private readonly db: PgDatabase,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  record(event: UsageEvent): void {
    try {
      const day = this.clock.now().toISOString().slice(0, 10);
      const key = JSON.stringify([event.tenant, day, event.task, event.model]);
      let sums = this.pending.get(key);
      if (sums === undefined) {
        if (this.pending.size >= MAX_PENDING_KEYS)
          throw new Error('usage ledger backlog full; event dropped');
        sums = {
          tenant: event.tenant,
          day,
          task: event.task,
          model: event.model,
          calls: 0,
          hits: 0,
          misses: 0,
          prompt: 0,
          completion: 0,
        };
        this.pending.set(key, sums);
      }
      if (event.kind === 'call') sums.calls++;
      if (event.kind === 'hit') sums.hits++;
      if (event.kind === 'miss') sums.misses++;
      sums.prompt += nonNegative(event.promptTokens);
      sums.completion += nonNegative(event.completionTokens);
      this.writing ??= this.drain();
    } catch (error) {
      this.onError(error);
    }
  }

  /** Resolves once every event recorded before the call is written (or reported as failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async totals(tenant: TenantId, sinceDay = '0000-00-00'): Promise<UsageTotals[]> {
    await this.flush();
    const result = await this.db.query<TotalsRow>(
      'usage totals',
      `SELECT task, model, sum(calls)::float8 AS calls, sum(cache_hits)::float8 AS cache_hits,
              sum(cache_misses)::float8 AS cache_misses, sum(prompt_tokens)::float8 AS prompt_tokens,
              sum(completion_tokens)::float8 AS completion_tokens
       FROM usage_daily WHERE tenant = $1 AND day >= $2
       GROUP BY task, model ORDER BY task COLLATE "C", model COLLATE "C"`,
      [tenant, sinceDay],
    );
    return result.rows.map((r) => ({
      task: r.task,
      model: r.model,
      calls: r.calls,
      cacheHits: r.cache_hits,
      cacheMisses: r.cache_misses,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
    }));
  }

  /** Writes batches until nothing is pending; one drain at a time per ledger. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending.values()];
        this.pending = new Map();
        await this.write(batch).catch(this.onError);
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    // One lock order for every process (sorted keys), so two concurrent batches cannot deadlock.
    batch.sort(
      (a, b) =>
        compare(a.tenant, b.tenant) ||
        compare(a.day, b.day) ||
        compare(a.task, b.task) ||
        compare(a.model, b.model),
    );
    const column = <K extends keyof Pending>(k: K) => batch.map((p) => p[k]);
    await this.db.query(
      'usage record',
      `INSERT INTO usage_daily (tenant, day, task, model, calls, cache_hits, cache_misses, prompt_tokens, completion_tokens)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
                            $8::bigint[], $9::bigint[])
       ON CONFLICT (tenant, day, task, model) DO UPDATE SET
         calls = usage_daily.calls + excluded.calls,
         cache_hits = usage_daily.cache_hits + excluded.cache_hits,
         cache_misses = usage_daily.cache_misses + excluded.cache_misses,
         prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens,
         completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens`,
      [
        column('tenant'),
        column('day'),
        column('task'),
        column('model'),
        column('calls'),
        column('hits'),
        column('misses'),
        column('prompt'),
        column('completion'),
      ],
    );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nonNegative(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}
