import { afterAll, describe, expect, it } from 'vitest';
import { INTERACTION_TOKEN_LIFETIME_MS } from '../../../src/store/pending-reply-store.ts';
import { PgPendingReplyStore } from '../../../src/store/postgres/pg-pending-reply-store.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { describePendingReplyStoreContract } from '../pending-reply-store.contract.ts';
import { PgTestDatabase, untilDatabasePasses } from './pg-test-database.ts';

const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_pending_replies');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('PostgreSQL pending replies', () => {
  // Leases on the test's clock here, so the contract can move time; the database clock is below.
  describePendingReplyStoreContract(
    'PgPendingReplyStore (pools on one schema, leases on the test clock)',
    async (clock) => {
      await pg!.reset();
      return { open: () => new PgPendingReplyStore(pg!.open(), clock), cleanup: () => pg!.closeAll() };
    },
  );

  describe('on the database clock (production)', () => {
    const input = (interactionId: string, receivedAt: Date) => ({
      tenant: 'guild-a',
      interactionId,
      applicationId: '1300000000000000001',
      token: `itoken-${interactionId}`,
      command: { name: 'brief', options: {}, attachments: {} },
      userId: '100000000000000001',
      channelId: '1300000000000000009',
      conversationId: 'channel:1300000000000000009',
      canManage: false,
      receivedAt,
    });

    it("measures the lease and the token's 15 minutes on the database's now(), whatever the caller's clock says", async () => {
      await pg!.reset();
      const db = pg!.open();
      const store = new PgPendingReplyStore(db, 'database');
      const farFuture = new Date(Date.now() + 24 * 3_600_000);
      const { rows } = await db.query<{ now: Date }>('clock', 'SELECT now() AS now');
      const dbNow = rows[0]!.now;
      await store.record(input('1400000000000000001', dbNow), 400, dbNow);
      // Received a second before its token's end by the database's clock: dropped, not claimed.
      await store.record(
        input('1400000000000000002', new Date(dbNow.getTime() - INTERACTION_TOKEN_LIFETIME_MS)),
        0,
        dbNow,
      );
      // A caller whose clock is a day ahead takes nothing while the database says the lease holds.
      expect(await store.claimStale(farFuture, 10, 60_000)).toEqual([]);
      expect((await store.list('guild-a')).map((r) => r.interactionId)).toEqual(['1400000000000000001']);
      await untilDatabasePasses(db, new Date(dbNow.getTime() + 400));
      const claimed = await store.claimStale(new Date(0), 10, 60_000);
      expect(claimed.map((r) => [r.interactionId, r.attempt])).toEqual([['1400000000000000001', 2]]);
      await pg!.closeAll();
    });
  });
});
