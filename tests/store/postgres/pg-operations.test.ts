import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.ts';
import { openPgOperations } from '../../../src/store/postgres/pg-operations.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { PgTestDatabase } from './pg-test-database.ts';

const HOUR = 3_600_000;
const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_operations');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('openPgOperations', () => {
  it('builds every operational port on one pool, with leases on the database clock, and close writes pending usage', async () => {
    const clock = new FakeClock(new Date('2020-01-01T00:00:00Z'));
    const db = pg!.open();
    const ops = openPgOperations(db, clock);
    for (let i = 0; i < 10; i++) ops.usage.record({ tenant: 'a', task: 'answer', model: 'm', kind: 'call' });
    await ops.close();
    const reader = openPgOperations(pg!.open(), clock);
    expect((await reader.usage.totals('a')).map((t) => t.calls)).toEqual([10]);

    const { rows } = await db.query<{ t: Date }>('clock', 'SELECT now() AS t');
    const [claim] = await ops.feeds.claimDueFeeds(clock.now(), 1, HOUR);
    expect(claim).toBeUndefined();
    await ops.feeds.addFeed('a', { url: 'https://e.example/rss', intervalMinutes: 15 }, clock.now());
    const [poll] = await ops.feeds.claimDueFeeds(clock.now(), 1, HOUR);
    // The fake clock says 2020; the lease is an hour past the database's now.
    expect(poll!.leaseUntil.getTime()).toBeGreaterThanOrEqual(rows[0]!.t.getTime() + HOUR);
    expect(await ops.nearDuplicates.listOutlets('a', [1])).toEqual(new Map());
    expect(await ops.digests.listSchedules('a')).toEqual([]);
    await pg!.closeAll();
  });
});
