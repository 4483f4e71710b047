import pg from 'pg';
import { StoreError } from '../../core/errors.ts';
import { pgFaultKind, toPgStoreError } from './pg-errors.ts';

export type PgClient = pg.PoolClient;
export type PgQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface PgDatabaseOptions {
  /** postgres://user@host:port/db (DATABASE_URL). */
  url: string;
  /** Schema holding every table (tests use one per file); default `public`. */
  schema?: string | undefined;
  /** Connections in the pool; default 10. */
  maxConnections?: number | undefined;
  /** How long one statement may run before the server cancels it; default 30 s. */
  statementTimeoutMs?: number | undefined;
  /** How long to wait for a connection; default 5 s. */
  connectTimeoutMs?: number | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One PostgreSQL pool and the schema it works in. Every statement is bounded (statement_timeout,
 * connection timeout) so a stuck server gives a StoreError, not a hang.
 */
export class PgDatabase {
  readonly schema: string;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.schema = schema;
  }

  static open(options: PgDatabaseOptions): PgDatabase {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema))
      throw new StoreError(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      // The schema is chosen per connection, so no statement names it and tests can isolate themselves.
      options: `-c search_path=${schema}`,
      application_name: 'briefing-bot',
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => {});
    return new PgDatabase(pool, schema);
  }

  /** Runs one statement on any pooled connection. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    what: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    this.assertOpen(what);
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw toPgStoreError(`PostgreSQL ${what} failed`, error);
    }
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
   * it throws. `serializable` retries are the caller's business; the default is READ COMMITTED.
   */
  async transaction<T>(what: string, work: (client: PgClient) => Promise<T>): Promise<T> {
    this.assertOpen(what);
    let client: PgClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toPgStoreError(`PostgreSQL ${what} failed`, error);
    }
    // A checked-out client has no pool listener: a connection lost mid-transaction must reach the
    // caller as this transaction's failure, not crash the process as an unhandled 'error' event.
    const ignore = () => {};
    client.on('error', ignore);
    let failure: unknown;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failure = error;
      await client.query('ROLLBACK').catch(() => {});
      throw toPgStoreError(`PostgreSQL ${what} failed`, error);
    } finally {
      client.off('error', ignore);
      // A failed connection is discarded rather than handed to the next caller.
      client.release(
        failure instanceof Error && pgFaultKind(failure) === 'unreachable' ? failure : undefined,
      );
    }
  }

  /** Creates the schema when missing (a fresh database, or a test's own schema). */
  async ensureSchema(): Promise<void> {
    await this.query('create schema', `CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new StoreError(`PostgreSQL store is closed (${what})`);
  }
}
