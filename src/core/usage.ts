import type { TenantId } from '../core/types.ts';

/** One LLM call or cache lookup, charged to the tenant that asked for it. */
export interface UsageEvent {
  tenant: TenantId;
  task: string;
  model: string;
  /** "call": a request went to the LLM; "hit"/"miss": a cache lookup's outcome. */
  kind: 'call' | 'hit' | 'miss';
  promptTokens?: number | undefined;
  completionTokens?: number | undefined;
}

/** Where usage goes: a per-tenant ledger. Recording must never fail the command. */
export interface UsageRecorder {
  /** Adds one event to the tenant's ledger. */
  record(event: UsageEvent): void;
}

export const noUsage: UsageRecorder = { record() {} };

/** Totals for one task and model over a period. */
export interface UsageTotals {
  task: string;
  model: string;
  calls: number;
  cacheHits: number;
  cacheMisses: number;
  promptTokens: number;
  completionTokens: number;
}

/** The per-tenant ledger: records usage and sums it up for /usage. */
export interface UsageLedger extends UsageRecorder {
  /** Totals by task and model for the tenant, from `sinceDay` (YYYY-MM-DD, inclusive) or all time. */
  totals(tenant: TenantId, sinceDay?: string): Promise<UsageTotals[]>;
}
