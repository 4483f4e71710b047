import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { parsePriceTable } from '../../src/llm/prices.ts';
import { migrate } from '../../src/store/sqlite/migrations.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { SqliteUsageLedger } from '../../src/store/sqlite/sqlite-usage-ledger.ts';
import { foundingServices } from '../helpers/founding-services.ts';
import { describeUsageLedgerContract } from './usage-ledger.contract.ts';

describeUsageLedgerContract('SqliteUsageLedger (two connections on one file)', async (clock) => {
  const dir = mkdtempSync(join(tmpdir(), 'usage-ledger-'));
  const file = join(dir, 'briefing.db');
  const one = SqliteArticleStore.open({ path: file, clock });
  const two = SqliteArticleStore.open({ path: file, clock });
  return {
    ledger: one.usageLedger(),
    second: two.usageLedger(),
    broken: async (onError) => {
      const db = new Database(':memory:');
      migrate(db);
      const ledger = new SqliteUsageLedger(db, clock, onError);
      db.close();
      return { ledger, settle: async () => {} };
    },
    cleanup: async () => {
      await one.close();
      await two.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
