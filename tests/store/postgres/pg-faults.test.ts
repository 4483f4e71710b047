import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { faultMessage, storeFault } from '../../../src/commands/messages.ts';
import { FakeClock } from '../../../src/core/clock.ts';
import { StoreError } from '../../../src/core/errors.ts';
import { openPostgresBackend, type PostgresBackend } from '../../../src/store/postgres/pg-backend.ts';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../../helpers/pg-schema.ts';
import { preparedArticle } from '../prepared-article.ts';

const skip = await skipPgTests();
const clock = new FakeClock();

/** A TCP server on a free local port; `onSocket` decides what it does with each connection. */
async function localServer(onSocket: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** Stops listening and cuts every open connection, as a server going down would. */
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('PostgreSQL faults', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('says plainly that nothing answers on the port, without hanging', async () => {
    const closed = await localServer(() => {});
    await closed.stop();
    const error = await failure(
      openPostgresBackend({ url: `postgres://postgres@127.0.0.1:${closed.port}/test`, clock }),
    );
    expect(error.kind).toBe('unreachable');
    expect(faultMessage(error)).toBe(storeFault('unreachable'));
    expect(faultMessage(error)).toMatch(/DATABASE_URL/);
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const silent = await localServer(() => {});
    cleanups.push(silent.stop);
    const error = await failure(
      openPostgresBackend({
        url: `postgres://postgres@127.0.0.1:${silent.port}/test`,
        clock,
        pool: { connectTimeoutMs: 300 },
      }),
    );
    expect(error.kind).toBe('unreachable');
  });

  it.skipIf(skip)('turns a server lost mid-run into the same plain fault for every call', async () => {
    const schema: PgTestSchema = await createTestSchema('pg_faults');
    cleanups.push(() => schema.drop());
    // A relay to the real server, so the test can take the server away from the store.
    const relay = await localServer((socket) => {
      const upstream = net.connect(5432, '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await relay.stop();
    });
    const backend: PostgresBackend = await openPostgresBackend({
      url: `postgres://postgres@127.0.0.1:${relay.port}/test`,
      schema: schema.schema,
      clock,
      pool: { connectTimeoutMs: 500 },
    });
    cleanups.push(() => backend.close());
    const added = await backend.store.addArticle('t', preparedArticle('Before', ['Written before the cut.']));
    expect(added.status).toBe('added');

    await relay.stop();
    stopped = true;
    const calls: [string, () => Promise<unknown>][] = [
      [
        'addArticle',
        () => backend.store.addArticle('t', preparedArticle('After', ['Written after the cut.'])),
      ],
      ['getArticle', () => backend.store.getArticle('t', added.article.id)],
      ['searchPassages', () => backend.store.searchPassages('t', { terms: ['cut'], limit: 5 })],
      ['listRegistryActors', () => backend.store.listRegistryActors('t', 5)],
      [
        'saveConversation',
        () =>
          backend.store.saveConversation('t', {
            id: 'c',
            focusActors: [],
            articleIds: [],
            turns: [],
            updatedAt: '',
          }),
      ],
    ];
    for (const [name, call] of calls) {
      const error = await failure(call());
      expect(error.kind, name).toBe('unreachable');
    }
  });
});
