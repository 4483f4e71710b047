/**
 * A separate process for the claim race in pg-digest-claims.test.ts: opens the digest store on the
 * PostgreSQL schema with leases on the database clock and its own process clock skewed by
 * <skew ms>, says "ready", then for each line {"days": [..], "leaseMs": n} claims the run keys of
 * those days (days after 2027-01-01) and prints the local dates it won as JSON; "exit" ends it.
 * Args: <database url> <schema> <tenant> <schedule id> <skew ms>
 */
import { createInterface } from 'node:readline';
import { PgDatabase } from '../../../src/store/postgres/pg-database.ts';
import { PgDigestStore } from '../../../src/store/postgres/pg-digest-store.ts';

const [url, schema, tenant, scheduleId, skew] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const clock = { now: () => new Date(Date.now() + Number(skew)) };
const db = PgDatabase.open({ url, schema, maxConnections: 2 });
const digests = new PgDigestStore(db, clock, 'database');
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
const start = Date.UTC(2027, 0, 1, 7);
for await (const line of lines) {
  if (line.trim() === 'exit') break;
  const { days, leaseMs } = JSON.parse(line) as { days: number[]; leaseMs: number };
  const won: string[] = [];
  for (const day of days) {
    const at = new Date(start + day * 86_400_000);
    const localDate = at.toISOString().slice(0, 10);
    const claim = await digests.claimRun(
      tenant,
      scheduleId,
      { localDate, at, windowStart: new Date(at.getTime() - 86_400_000) },
      leaseMs,
    );
    if (claim.claimed) won.push(localDate);
  }
  process.stdout.write(`${JSON.stringify(won)}\n`);
}
lines.close();
await db.close();
