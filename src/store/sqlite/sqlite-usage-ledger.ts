import type Database from 'better-sqlite3';
import type { Clock } from '../../core/clock.ts';
import type { TenantId } from '../../core/types.ts';
import type { UsageEvent, UsageLedger, UsageTotals } from '../../core/usage.ts';

interface TotalsRow {
  task: string;
  model: string;
  calls: number;
  cache_hits: number;
  cache_misses: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * Usage per tenant, day, task and model, kept as running sums (one upsert per event) so the
 * ledger stays small whatever the traffic. Recording never throws: usage must not fail a command.
 */
export class SqliteUsageLedger implements UsageLedger {
  private readonly upsert: Database.Statement;
  private readonly sum: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.upsert = db.prepare(`
      INSERT INTO usage_daily (tenant, day, task, model, calls, cache_hits, cache_misses, prompt_tokens, completion_tokens)
      VALUES (@tenant, @day, @task, @model, @calls, @hits, @misses, @prompt, @completion)
      ON CONFLICT (tenant, day, task, model) DO UPDATE SET
        calls = calls + excluded.calls,
        cache_hits = cache_hits + excluded.cache_hits,
        cache_misses = cache_misses + excluded.cache_misses,
        prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens`);
    this.sum = db.prepare(`
      SELECT task, model, SUM(calls) AS calls, SUM(cache_hits) AS cache_hits, SUM(cache_misses) AS cache_misses,
             SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens
      FROM usage_daily WHERE tenant = ? AND day >= ?
      GROUP BY task, model ORDER BY task, model`);
  }

  record(event: UsageEvent): void {
    try {
      this.upsert.run({
        tenant: event.tenant,
        day: this.clock.now().toISOString().slice(0, 10),
        task: event.task,
        model: event.model,
        calls: event.kind === 'call' ? 1 : 0,
        hits: event.kind === 'hit' ? 1 : 0,
        misses: event.kind === 'miss' ? 1 : 0,
        prompt: nonNegative(event.promptTokens),
        completion: nonNegative(event.completionTokens),
      });
    } catch (error) {
      this.onError(error);
    }
  }

  async totals(tenant: TenantId, sinceDay = '0000-00-00'): Promise<UsageTotals[]> {
    return (this.sum.all(tenant, sinceDay) as TotalsRow[]).map((r) => ({
      task: r.task,
      model: r.model,
      calls: r.calls,
      cacheHits: r.cache_hits,
      cacheMisses: r.cache_misses,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
    }));
  }
}

function nonNegative(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}
