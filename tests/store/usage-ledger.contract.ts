import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import type { UsageLedger } from '../../src/core/usage.ts';

export interface UsageLedgerFixture {
  ledger: UsageLedger;
  /** A second, independent handle on the same data (another process). */
  second: UsageLedger;
  /** A ledger whose storage is gone (closed), reporting write failures to `onError`; `settle` waits for its writes. */
  broken(onError: (error: unknown) => void): Promise<{ ledger: UsageLedger; settle(): Promise<void> }>;
  cleanup: () => Promise<void>;
}

/** The UsageLedger contract: every implementation runs this suite against a real backend. */
export function describeUsageLedgerContract(
  name: string,
  makeLedger: (clock: FakeClock) => Promise<UsageLedgerFixture>,
): void {
  describe(`UsageLedger contract: ${name}`, () => {
    let clock: FakeClock;
    let fixture: UsageLedgerFixture;

    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-05-10T12:00:00Z'));
      fixture = await makeLedger(clock);
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('sums calls, tokens and cache outcomes per tenant, task and model, by day', async () => {
      const { ledger } = fixture;
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

    it('adds up what several processes record at once, losing no event', async () => {
      const { ledger, second } = fixture;
      for (let i = 0; i < 300; i++) {
        (i % 2 ? ledger : second).record({
          tenant: 'a',
          task: i % 3 ? 'answer' : 'analyse',
          model: 'm',
          kind: 'call',
          promptTokens: 2,
        });
      }
      // Reading through each handle waits for its own writes; the other handle then sees them all.
      await second.totals('a');
      const totals = await ledger.totals('a');
      expect(totals.map((t) => [t.task, t.calls, t.promptTokens])).toEqual([
        ['analyse', 100, 200],
        ['answer', 200, 400],
      ]);
    });

    it('never throws when recording fails, and reports the failure', async () => {
      const errors: unknown[] = [];
      const { ledger, settle } = await fixture.broken((e) => errors.push(e));
      expect(() => ledger.record({ tenant: 'a', task: 't', model: 'm', kind: 'call' })).not.toThrow();
      await settle();
      expect(errors.length).toBeGreaterThan(0);
    });
  });
}
