import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  MAX_REPLY_ATTEMPTS,
  type PendingReplyInput,
  type PendingReplyStore,
} from '../../src/store/pending-reply-store.ts';

export interface PendingReplyStoreFixture {
  /** A new, independent handle on the same data each call (another process). */
  open(): PendingReplyStore;
  cleanup: () => Promise<void>;
}

const LEASE = 60_000;
let nextId = 1_400_000_000_000_000_000n;

/** A pending reply of `tenant`, received at `receivedAt`, with a fresh interaction id. */
function pending(
  tenant: string,
  receivedAt: Date,
  extra: Partial<PendingReplyInput> = {},
): PendingReplyInput {
  nextId += 1n;
  return {
    tenant,
    interactionId: String(nextId),
    applicationId: '1300000000000000001',
    token: `itoken-${nextId}-secret`,
    command: {
      name: 'ask',
      options: { question: 'What did Lukashenko say?', limit: 3, channel: { id: '1300000000000000009' } },
      attachments: {},
    },
    userId: '100000000000000001',
    channelId: '1300000000000000009',
    conversationId: 'channel:1300000000000000009',
    canManage: false,
    receivedAt,
    ...extra,
  };
}

/** The PendingReplyStore contract: every implementation runs this suite against a real backend. */
export function describePendingReplyStoreContract(
  name: string,
  makeStore: (clock: FakeClock) => Promise<PendingReplyStoreFixture>,
): void {
  describe(`PendingReplyStore contract: ${name}`, () => {
    let clock: FakeClock;
    let fixture: PendingReplyStoreFixture;
    const open = () => fixture.open();

    beforeEach(async () => {
      clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
      fixture = await makeStore(clock);
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('keeps what re-running the command needs, exactly as recorded', async () => {
      const s = open();
      const input = pending('guild-a', clock.now(), {
        canManage: true,
        conversationId: '1300000000000000010',
        command: {
          name: 'article',
          subcommand: 'add',
          options: { url: 'https://news.example/a' },
          attachments: {
            file: { name: 'story.md', size: 120, url: 'https://cdn.discordapp.com/a/story.md' },
          },
        },
      });
      const recorded = await s.record(input, LEASE, clock.now());
      const expected = { ...input, attempt: 1, leaseUntil: new Date(clock.now().getTime() + LEASE) };
      expect(recorded).toEqual(expected);
      expect(await open().list('guild-a')).toEqual([expected]);
    });

    it('each tenant sees and changes only its own replies', async () => {
      const s = open();
      const a = await s.record(pending('guild-a', clock.now()), LEASE, clock.now());
      expect(await s.list('guild-b')).toEqual([]);
      expect(await s.renew('guild-b', a.interactionId, 1, LEASE, clock.now())).toBe(false);
      expect(await s.remove('guild-b', a.interactionId)).toBe(false);
      expect((await s.list('guild-a')).map((r) => r.interactionId)).toEqual([a.interactionId]);
    });

    it('recording the same interaction again keeps the first row and its lease', async () => {
      const s = open();
      const input = pending('guild-a', clock.now());
      const first = await s.record(input, LEASE, clock.now());
      clock.advance(LEASE - 1_000);
      const again = await s.record({ ...input, userId: '100000000000000002' }, LEASE, clock.now());
      expect(again).toEqual(first);
      clock.advance(1_000);
      // The lease still ends where the first record put it.
      expect((await s.claimStale(clock.now(), 10, LEASE)).map((r) => r.interactionId)).toEqual([
        input.interactionId,
      ]);
    });

    it('a live lease is never claimed; once it lapses one claimer takes it, with the next attempt', async () => {
      const owner = open();
      const other = open();
      const input = pending('guild-a', clock.now());
      await owner.record(input, LEASE, clock.now());
      clock.advance(LEASE - 1);
      expect(await other.claimStale(clock.now(), 10, LEASE)).toEqual([]);
      expect(await owner.renew('guild-a', input.interactionId, 1, LEASE, clock.now())).toBe(true);
      expect((await other.list('guild-a'))[0]?.leaseUntil).toEqual(new Date(clock.now().getTime() + LEASE));
      clock.advance(LEASE - 1);
      expect(await other.claimStale(clock.now(), 10, LEASE)).toEqual([]);
      clock.advance(1);
      const claimed = await other.claimStale(clock.now(), 10, LEASE);
      expect(claimed).toEqual([
        { ...input, attempt: 2, leaseUntil: new Date(clock.now().getTime() + LEASE) },
      ]);
      // The claimer now holds it: nobody else takes it, and the former owner cannot renew it.
      expect(await open().claimStale(clock.now(), 10, LEASE)).toEqual([]);
      expect(await owner.renew('guild-a', input.interactionId, 1, LEASE, clock.now())).toBe(false);
      expect(await other.renew('guild-a', input.interactionId, 2, LEASE, clock.now())).toBe(true);
      expect((await owner.list('guild-a'))[0]?.attempt).toBe(2);
    });

    it('claims stale replies of every tenant, oldest lease first, at most `limit` at a time', async () => {
      const s = open();
      const ids: string[] = [];
      for (const tenant of ['guild-a', 'guild-b', 'guild-a']) {
        ids.push((await s.record(pending(tenant, clock.now()), LEASE, clock.now())).interactionId);
        clock.advance(1_000);
      }
      clock.advance(LEASE);
      const first = await s.claimStale(clock.now(), 2, LEASE);
      expect(first.map((r) => r.interactionId).sort()).toEqual(ids.slice(0, 2).sort());
      expect(first.map((r) => r.tenant).sort()).toEqual(['guild-a', 'guild-b']);
      expect((await s.claimStale(clock.now(), 2, LEASE)).map((r) => r.interactionId)).toEqual([ids[2]]);
    });

    it('two processes claiming at once take each stale reply exactly once', async () => {
      const s = open();
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) {
        ids.add((await s.record(pending(`guild-${i % 3}`, clock.now()), LEASE, clock.now())).interactionId);
      }
      clock.advance(LEASE);
      const claimers = [open(), open(), open()];
      const rounds = await Promise.all(claimers.map((c) => c.claimStale(clock.now(), 8, LEASE)));
      const taken = rounds.flat().map((r) => r.interactionId);
      expect(new Set(taken).size).toBe(taken.length);
      // What the three did not take in one round, a second round does; nothing twice.
      const rest = (await s.claimStale(clock.now(), 20, LEASE)).map((r) => r.interactionId);
      expect([...taken, ...rest].sort()).toEqual([...ids].sort());
    });

    it('a reply whose token has died (15 minutes since the interaction) is dropped, never claimed', async () => {
      const s = open();
      const received = clock.now();
      const old = await s.record(pending('guild-a', received), LEASE, clock.now());
      clock.advance(60_000);
      const young = await s.record(pending('guild-a', clock.now()), LEASE, clock.now());
      clock.advance(INTERACTION_TOKEN_LIFETIME_MS - 60_000);
      // The old one's token died this instant; the young one's lease ran out long ago but it has a minute left.
      const claimed = await s.claimStale(clock.now(), 10, LEASE);
      expect(claimed.map((r) => r.interactionId)).toEqual([young.interactionId]);
      expect((await s.list('guild-a')).map((r) => r.interactionId)).toEqual([young.interactionId]);
      expect(await s.renew('guild-a', old.interactionId, 1, LEASE, clock.now())).toBe(false);
    });

    it(`after ${MAX_REPLY_ATTEMPTS} holders let it lapse, a reply is given up`, async () => {
      const s = open();
      const input = pending('guild-a', clock.now());
      await s.record(input, LEASE, clock.now());
      for (let attempt = 2; attempt <= MAX_REPLY_ATTEMPTS; attempt++) {
        clock.advance(LEASE);
        expect((await s.claimStale(clock.now(), 10, LEASE)).map((r) => r.attempt)).toEqual([attempt]);
      }
      clock.advance(LEASE);
      expect(await s.claimStale(clock.now(), 10, LEASE)).toEqual([]);
      expect(await s.list('guild-a')).toEqual([]);
    });

    it('a removed reply is gone for every process', async () => {
      const s = open();
      const input = pending('guild-a', clock.now());
      await s.record(input, LEASE, clock.now());
      expect(await open().remove('guild-a', input.interactionId)).toBe(true);
      expect(await s.remove('guild-a', input.interactionId)).toBe(false);
      expect(await s.renew('guild-a', input.interactionId, 1, LEASE, clock.now())).toBe(false);
      clock.advance(LEASE);
      expect(await s.claimStale(clock.now(), 10, LEASE)).toEqual([]);
      expect(await s.list('guild-a')).toEqual([]);
    });
  });
}
