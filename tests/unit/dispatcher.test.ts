import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/commands/command.ts';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import type { Caller } from '../../src/commands/preconditions.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { MemoryRateLimiter } from '../../src/core/rate-limiter.ts';
import { foundingServices } from '../helpers/founding-services.ts';

const member: Caller = { tenant: 'guild-a', userId: 'u1', conversationId: 'c1', canManage: false };
const manager: Caller = { ...member, canManage: true };

describe('Dispatcher', () => {
  it('refuses every command outside a server, whatever the trigger', async () => {
    const dispatcher = new Dispatcher({ commands: COMMANDS, services: await foundingServices() });
    const dm: Caller = { ...member, tenant: undefined };
    for (const trigger of ['slash', 'follow-up', 'button'] as const) {
      const name = trigger === 'slash' ? 'help' : trigger === 'button' ? 'sources' : 'follow-up';
      const reply = await dispatcher.dispatch({ trigger, name, options: {} }, dm);
      expect(reply.error).toBe('guild-only');
    }
  });

  it('checks the manage precondition and tells listeners a managing command ran', async () => {
    const changed: string[] = [];
    const services = await foundingServices();
    const dispatcher = new Dispatcher({
      commands: COMMANDS,
      services,
      onStateChanged: (t) => changed.push(t),
    });
    const remove = {
      trigger: 'slash' as const,
      name: 'article',
      subcommand: 'remove',
      options: { id: '999' },
    };
    expect((await dispatcher.dispatch(remove, member)).error).toBe('not-allowed');
    expect(changed).toEqual([]);
    expect((await dispatcher.dispatch(remove, manager)).error).toBe('not-found');
    expect(changed).toEqual(['guild-a']);
  });

  it('rate-limits per caller and server, saying how long to wait', async () => {
    const services = await foundingServices();
    const limiter = new MemoryRateLimiter(new FakeClock(), { capacity: 1, refillMs: 12_000 });
    const dispatcher = new Dispatcher({ commands: COMMANDS, services, limiter });
    const ask = { trigger: 'slash' as const, name: 'ask', options: { question: 'Who is Putin?' } };
    expect((await dispatcher.dispatch(ask, member)).error).toBeUndefined();
    const refused = await dispatcher.dispatch(ask, member);
    expect(refused.error).toBe('rate-limited');
    expect(refused.body).toContain('12 seconds');
    // Another member, or the same member in another server, has their own bucket.
    expect((await dispatcher.dispatch(ask, { ...member, userId: 'u2' })).error).toBeUndefined();
  });

  it('refuses commands that need articles in an empty server', async () => {
    const dispatcher = new Dispatcher({ commands: COMMANDS, services: await foundingServices() });
    const empty = { ...member, tenant: 'guild-empty' };
    const reply = await dispatcher.dispatch(
      { trigger: 'follow-up', name: 'follow-up', options: { question: 'Who?' } },
      empty,
    );
    expect(reply.error).toBe('no-articles');
  });

  it('reaches hidden commands only through their own triggers', async () => {
    const dispatcher = new Dispatcher({ commands: COMMANDS, services: await foundingServices() });
    const typed = await dispatcher.dispatch({ trigger: 'shell', name: 'follow-up', options: {} }, member);
    expect(typed.error).toBe('unknown-command');
    const short = await dispatcher.dispatch(
      { trigger: 'follow-up', name: 'follow-up', options: { question: 'x' } },
      member,
    );
    expect(short.body).toBe('A follow-up question must be at least 2 characters.');
  });

  it('hands run() values typed and converted by the spec', async () => {
    const seen: unknown[] = [];
    const probe = defineCommand({
      name: 'probe',
      description: 'records its options',
      options: [
        { name: 'n', description: 'a number', type: 'integer', required: true, min: 1 },
        { name: 'size', description: 'a size', type: 'string', choices: ['small', 'large'] },
      ],
      async run(options) {
        // Typed from the spec: n is a number, size one of the choices or undefined.
        const n: number = options.n;
        const size: 'small' | 'large' | undefined = options.size;
        seen.push({ n, size });
        return { sections: [], sources: [] };
      },
    });
    const dispatcher = new Dispatcher({ commands: [probe], services: await foundingServices() });
    await dispatcher.dispatch(
      { trigger: 'shell', name: 'probe', options: { n: '#7', size: 'LARGE' } },
      member,
    );
    expect(seen).toEqual([{ n: 7, size: 'large' }]);
    const bad = await dispatcher.dispatch(
      { trigger: 'shell', name: 'probe', options: { n: 'seven' } },
      member,
    );
    expect(bad.body).toBe('/probe n must be a whole number (got "seven").');
  });
});
