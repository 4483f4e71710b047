import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const PG_SKIP_REASON = 'PostgreSQL not reachable on 127.0.0.1:5432; set CI=1 to require it';

/** True when something accepts connections on 127.0.0.1:5432 within the budget. */
function portAnswers(host = '127.0.0.1', port = 5432, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

/**
 * Whether PostgreSQL tests should be skipped: never in CI (which guarantees the server, so an
 * absent one fails the tests); elsewhere only when nothing listens, with the reason printed.
 */
export async function skipPgTests(): Promise<boolean> {
  if (process.env.CI) return false;
  if (await portAnswers()) return false;
  console.warn(`[skip] ${PG_SKIP_REASON}`);
  return true;
}

/** A fresh schema of its own for one test file (or test), dropped with everything in it by `drop`. */
export interface PgTestSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

export async function createTestSchema(label: string): Promise<PgTestSchema> {
  const schema = `t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    url: PG_URL,
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
