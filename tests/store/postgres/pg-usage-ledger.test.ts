import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import { PgUsageLedger } from '../../../src/store/postgres/pg-usage-ledger.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { describeUsageLedgerContract } from '../usage-ledger.contract.ts';
import { PgTestDatabase } from './pg-test-database.ts';

const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_usage_ledger');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('PostgreSQL usage ledger', () => {
  describeUsageLedgerContract('PgUsageLedger (two pools on one schema)', async (clock) => {
    await pg!.reset();
    return {
      ledger: new PgUsageLedger(pg!.open(), clock),
      second: new PgUsageLedger(pg!.open(), clock),
      broken: async (onError) => {
        const db = pg!.open();
        await db.close();
        const ledger = new PgUsageLedger(db, clock, onError);
        return { ledger, settle: () => ledger.flush() };
      },
      cleanup: () => pg!.closeAll(),
    };
  });

  it('writes what was recorded before flush, for another process to read', async () => {
    await pg!.reset();
    const clock = new FakeClock(new Date('2026-05-10T12:00:00Z'));
    const writer = new PgUsageLedger(pg!.open(), clock);
    const reader = new PgUsageLedger(pg!.open(), clock);
    for (let i = 0; i < 50; i++)
      writer.record({ tenant: 'a', task: 'answer', model: 'm', kind: i % 5 ? 'hit' : 'miss' });
    await writer.flush();
    expect(await reader.totals('a')).toEqual([
      {
        task: 'answer',
        model: 'm',
        calls: 0,
        cacheHits: 40,
        cacheMisses: 10,
        promptTokens: 0,
        completionTokens: 0,
      },
    ]);
    await pg!.closeAll();
  });
});
