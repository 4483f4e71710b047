import { afterAll, describe } from 'vitest';
import { PgDigestStore } from '../../../src/store/postgres/pg-digest-store.ts';
import { skipPgTests } from '../../helpers/pg-schema.ts';
import { describeDigestStoreContract } from '../digest-store.contract.ts';
import { PgTestDatabase } from './pg-test-database.ts';

const skip = await skipPgTests();
const pg = skip ? undefined : await PgTestDatabase.create('pg_digest_store');
afterAll(async () => {
  await pg?.drop();
});

describe.skipIf(skip)('PostgreSQL digest store', () => {
  // Leases on the test's clock here, so the contract can move time; pg-digest-lease-clock.test.ts
  // holds the database clock that production uses.
  describeDigestStoreContract(
    'PgDigestStore (two pools on one schema, leases on the test clock)',
    async (clock) => {
      await pg!.reset();
      return {
        store: new PgDigestStore(pg!.open(), clock, clock),
        second: new PgDigestStore(pg!.open(), clock, clock),
        cleanup: () => pg!.closeAll(),
      };
    },
  );
});
