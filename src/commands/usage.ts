import type { UsageTotals } from '../core/usage.ts';
import { estimateCost } from '../llm/prices.ts';
import { defineCommand } from './command.ts';
import type { Section } from './reply.ts';

const DAY_MS = 86_400_000;

export const usageCommand = defineCommand({
  name: 'usage',
  description: 'LLM calls, tokens, cache hits and estimated cost for this server',
  options: [{ name: 'days', description: 'Period in days (default 30)', type: 'integer', min: 1, max: 3650 }],
  async run(options, ctx) {
    const days = options.days ?? 30;
    const since = new Date(ctx.services.clock.now().getTime() - (days - 1) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const [period, allTime] = await Promise.all([
      ctx.services.usage.totals(ctx.tenant, since),
      ctx.services.usage.totals(ctx.tenant),
    ]);
    const engine = ctx.services.engine;
    const sections: Section[] = [
      {
        heading: `Last ${days} day${days === 1 ? '' : 's'} (since ${since})`,
        items: describe(period, ctx.services.prices),
      },
      { heading: 'All time', items: describe(allTime, ctx.services.prices) },
    ];
    return {
      title: 'Usage for this server',
      body: engine.extractive
        ? 'The offline engine answers here: no LLM calls, no cost.'
        : `Engine: ${engine.id}. Results are cached by content, so repeated work costs nothing.`,
      sections,
      sources: [],
      footer: 'Costs are estimates from the configured price table (BRIEFING_LLM_PRICES).',
    };
  },
});

function describe(rows: UsageTotals[], prices: Parameters<typeof estimateCost>[0]): string[] {
  if (rows.length === 0) return ['No LLM usage recorded.'];
  const sum = (f: (r: UsageTotals) => number) => rows.reduce((s, r) => s + f(r), 0);
  const hits = sum((r) => r.cacheHits);
  const lookups = hits + sum((r) => r.cacheMisses);
  const costs = rows.map((r) => estimateCost(prices, r.model, r.promptTokens, r.completionTokens));
  const known = costs.filter((c): c is number => c !== undefined);
  const unpriced = [
    ...new Set(rows.filter((_, i) => costs[i] === undefined && rows[i]!.calls > 0).map((r) => r.model)),
  ];
  const lines = [
    `LLM calls: ${sum((r) => r.calls)} · tokens in ${sum((r) => r.promptTokens).toLocaleString('en-US')}, out ${sum((r) => r.completionTokens).toLocaleString('en-US')}`,
    `Cache: ${hits} hits / ${lookups} lookups${lookups ? ` (${Math.round((hits / lookups) * 100)}%)` : ''}`,
    `Estimated cost: $${known.reduce((s, c) => s + c, 0).toFixed(4)}${unpriced.length ? ` (no price for ${unpriced.join(', ')})` : ''}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.task} · ${r.model}: ${r.calls} calls, ${r.cacheHits} hits, ${r.promptTokens + r.completionTokens} tokens`,
    );
  }
  return lines;
}
