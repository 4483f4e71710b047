import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../src/fetch/address-policy.ts';
import { BlockedConnectionError, guardedConnector } from '../../src/fetch/guarded-connector.ts';
import { systemResolver } from '../../src/fetch/resolver.ts';
import { LocalServer } from '../helpers/local-server.ts';

/** The socket-level check on its own, without the fetcher's earlier URL checks. */
describe('guardedConnector', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await LocalServer.start();
    server.serve('/', 'hello', { 'content-type': 'text/plain' });
  });
  afterAll(() => server.close());

  const agentWith = (allow: string) =>
    new Agent({
      connect: guardedConnector({
        resolver: systemResolver,
        allow: parseAllowList(allow),
        connectTimeoutMs: 2000,
      }),
    });

  it('refuses a literal loopback host by the connected socket address, which no DNS lookup saw', async () => {
    const agent = agentWith('');
    try {
      const error = await undiciFetch(server.url('/'), { dispatcher: agent }).catch((e: unknown) => e);
      expect((error as { cause?: unknown }).cause).toBeInstanceOf(BlockedConnectionError);
      expect(server.requests).toHaveLength(0);
    } finally {
      await agent.close();
    }
  });

  it('lets an allowed endpoint through', async () => {
    const agent = agentWith(server.endpoint);
    try {
      const response = await undiciFetch(server.url('/'), { dispatcher: agent });
      expect(await response.text()).toBe('hello');
    } finally {
      await agent.close();
    }
  });
});
