/**
 * A separate process for the claim race in sqlite-digest-store.test.ts: opens the store file, says
 * "ready", waits for "go" on standard input, then claims the same run keys as its rivals and prints
 * the keys it won as JSON.
 * Args: <db file> <tenant> <schedule id> <key count>
 */
import { createInterface } from 'node:readline';
import { systemClock } from '../../src/core/clock.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';

const [file, tenant, scheduleId, count] = process.argv.slice(2) as [string, string, string, string];
const store = SqliteArticleStore.open({ path: file, clock: systemClock });
const digests = store.digestStore();
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const won: string[] = [];
  const start = Date.UTC(2027, 0, 1, 7);
  for (let i = 0; i < Number(count); i++) {
    const at = new Date(start + i * 86_400_000);
    const localDate = at.toISOString().slice(0, 10);
    const claim = await digests.claimRun(
      tenant,
      scheduleId,
      { localDate, at, windowStart: new Date(at.getTime() - 86_400_000) },
      3_600_000,
    );
    if (claim.claimed) won.push(localDate);
  }
  process.stdout.write(`${JSON.stringify(won)}\n`);
  break;
}
lines.close();
await store.close();
