import { describe, expect, it } from 'vitest';
import { IngestTally } from '../../src/cli/ingest-tally.ts';
import { Progress } from '../../src/cli/progress.ts';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 90, write: (t: string) => writes.push(t) };
}

describe('bulk ingest progress', () => {
  it('redraws a bar in place on a terminal, at most every 100 ms but always at the end', () => {
    const out = sink(true);
    let now = 0;
    const tally = new IngestTally();
    const progress = new Progress(out, 4, () => now);
    now = 200;
    tally.record('added');
    progress.update(tally);
    now = 250; // too soon: skipped
    tally.record('rejected', 'too-short');
    progress.update(tally);
    now = 260;
    tally.record('duplicate');
    tally.record('added');
    progress.update(tally); // the last item is always drawn
    progress.finish();
    expect(out.writes).toHaveLength(3);
    const clearLine = '\r\u001b[K';
    expect(out.writes[0]).toBe(
      `${clearLine}[${'#'.repeat(10)}${'-'.repeat(30)}] 25% 1/4 · 1 added · 0 rejected`,
    );
    expect(out.writes[1]).toMatch(/\[#{40}\] 100% 4\/4 · 2 added · 1 rejected$/);
    expect(out.writes[2]).toBe('\n');
  });

  it('prints a plain line every tenth of the work when not on a terminal', () => {
    const out = sink(false);
    const tally = new IngestTally();
    const progress = new Progress(out, 25);
    for (let i = 0; i < 25; i++) {
      tally.record(i % 5 === 0 ? 'rejected' : 'added', 'empty');
      progress.update(tally);
    }
    progress.finish();
    expect(out.writes[0]).toBe('ingest: 3/25 (2 added, 1 rejected)\n');
    expect(out.writes.at(-1)).toBe('ingest: 25/25 (20 added, 5 rejected)\n');
    expect(out.writes).toHaveLength(9);
    expect(tally.summary()).toBe('20 added, 0 duplicate, 0 near-duplicate, 5 rejected (empty 5)');
  });
});
