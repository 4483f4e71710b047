import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { parsePriceTable } from '../../src/llm/prices.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { foundingServices } from '../helpers/founding-services.ts';

describe('SqliteUsageLedger', () => {
  const clock = new FakeClock(new Date('2026-05-10T12:00:00Z'));
  const store = SqliteArticleStore.open({ path: ':memory:', clock });
  const ledger = store.usageLedger();

  it('sums calls, tokens and cache outcomes per tenant, task and model, by day', async () => {
    ledger.record({
      tenant: 'a',
      task: 'answer',
      model: 'm',
      kind: 'call',
      promptTokens: 100,
      completionTokens: 20,
    });
    ledger.record({
      tenant: 'a',
      task: 'answer',
      model: 'm',
      kind: 'call',
      promptTokens: 50,
      completionTokens: 5,
    });
    ledger.record({ tenant: 'a', task: 'answer', model: 'm', kind: 'hit' });
    ledger.record({ tenant: 'a', task: 'answer', model: 'm', kind: 'miss' });
    ledger.record({ tenant: 'b', task: 'answer', model: 'm', kind: 'call', promptTokens: 999 });
    clock.advance(3 * 86_400_000);
    ledger.record({
      tenant: 'a',
      task: 'analyse',
      model: 'm',
      kind: 'call',
      promptTokens: 10,
      completionTokens: -4,
    });
    expect(await ledger.totals('a')).toEqual([
      {
        task: 'analyse',
        model: 'm',
        calls: 1,
        cacheHits: 0,
        cacheMisses: 0,
        promptTokens: 10,
        completionTokens: 0,
      },
      {
        task: 'answer',
        model: 'm',
        calls: 2,
        cacheHits: 1,
        cacheMisses: 1,
        promptTokens: 150,
        completionTokens: 25,
      },
    ]);
    expect((await ledger.totals('a', '2026-05-12')).map((r) => r.task)).toEqual(['analyse']);
    expect(await ledger.totals('c')).toEqual([]);
  });

  it('never throws when recording fails', async () => {
    const other = SqliteArticleStore.open({ path: ':memory:', clock });
    const broken = other.usageLedger();
    await other.close();
    expect(() => broken.record({ tenant: 'a', task: 't', model: 'm', kind: 'call' })).not.toThrow();
  });
});

describe('/usage', () => {
  it('shows this server’s calls, cache hit rate and estimated cost, and nothing of other servers', async () => {
    const services = await foundingServices('guild-a');
    services.prices = parsePriceTable('{"test-model": {"input": 2, "output": 10}}');
    services.usage.record({
      tenant: 'guild-a',
      task: 'answer',
      model: 'test-model',
      kind: 'call',
      promptTokens: 1_000_000,
      completionTokens: 100_000,
    });
    services.usage.record({ tenant: 'guild-a', task: 'answer', model: 'test-model', kind: 'hit' });
    services.usage.record({ tenant: 'guild-a', task: 'answer', model: 'test-model', kind: 'miss' });
    services.usage.record({
      tenant: 'guild-b',
      task: 'answer',
      model: 'other',
      kind: 'call',
      promptTokens: 5,
    });
    const caller = { tenant: 'guild-a', userId: 'u', conversationId: 'c', canManage: false };
    const dispatcher = new Dispatcher({ commands: COMMANDS, services });
    const reply = await dispatcher.dispatch({ trigger: 'slash', name: 'usage', options: {} }, caller);
    const lines = reply.sections[0]!.items!;
    expect(lines[0]).toBe('LLM calls: 1 · tokens in 1,000,000, out 100,000');
    expect(lines[1]).toBe('Cache: 1 hits / 2 lookups (50%)');
    expect(lines[2]).toBe('Estimated cost: $3.0000');
    expect(JSON.stringify(reply)).not.toContain('other');
    await services.store.close();
  });

  it('rejects a malformed price table with a clear message', () => {
    expect(() => parsePriceTable('{"m": {"input": "free"}}')).toThrow(
      /BRIEFING_LLM_PRICES must map model names/,
    );
    expect(() => parsePriceTable('nope')).toThrow('BRIEFING_LLM_PRICES is not valid JSON');
  });
});
