import type { createClient as CreateClient } from '@keyv/redis';
import type { Logger } from '../core/logger.ts';
import { describeError, redactUrls } from '../llm/cache/redact.ts';
import { withTimeout } from '../llm/cache/with-timeout.ts';

/**
 * A client that fails fast: commands are refused at once while disconnected (no offline queue),
 * and reconnection runs in the background at most every 5 s, so Redis coming back is picked up.
 */
function newClient(create: typeof CreateClient, url: string, connectTimeoutMs: number) {
  return create({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 10), 5_000),
    },
  });
}

export type RedisClient = ReturnType<typeof newClient>;

/** Thrown at once while Redis is known to be unreachable: callers fall back without waiting. */
export class RedisUnavailable extends Error {
  override readonly name = 'RedisUnavailable';
}

export interface RedisLinkOptions {
  url: string;
  /** Put before every key and channel (BRIEFING_REDIS_PREFIX), so deployments and tests can share a Redis. */
  prefix: string;
  logger: Logger;
  /** TCP connect budget, and how long a first command waits for the first connection. Default 1 s. */
  connectTimeoutMs?: number | undefined;
}

/**
 * The connections one process keeps to Redis for what processes share (rate limits, change
 * notices), failing fast (see newClient), with one warning logged per outage (one info line when
 * Redis answers again), however many callers notice it.
 */
export class RedisLink {
  readonly prefix: string;
  private readonly logger: Logger;
  private readonly connectTimeoutMs: number;
  private readonly url: string;
  // Promises: the driver is loaded on first use, so a terminal that never touches Redis does not pay for it.
  private command: Promise<RedisClient> | undefined;
  private firstReady: Promise<void> | undefined;
  private subscriber: Promise<RedisClient> | undefined;
  private down = false;
  private reported = false;
  private closed = false;

  constructor(options: RedisLinkOptions) {
    this.url = options.url;
    this.prefix = options.prefix;
    this.logger = options.logger;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
  }

  /** The connected command client; rejects at once while Redis is known down. Connects on first use. */
  async client(): Promise<RedisClient> {
    if (this.closed) throw new RedisUnavailable('the Redis link is closed');
    this.command ??= this.open('commands');
    const client = await this.command;
    if (client.isReady) return client;
    if (this.down) throw new RedisUnavailable('Redis is unreachable');
    await withTimeout(this.firstReady!, this.connectTimeoutMs, 'redis connect');
    if (!client.isReady) throw new RedisUnavailable('Redis is unreachable');
    return client;
  }

  /** A second connection for SUBSCRIBE (a subscribed connection takes no other commands). */
  subscriberClient(): Promise<RedisClient> {
    this.subscriber ??= this.open('subscriber');
    return this.subscriber;
  }

  /** Notes a failed operation: Redis counts as down until a connection is ready again. */
  failed(op: string, error: unknown): void {
    this.down = true;
    if (this.reported || this.closed) return;
    this.reported = true;
    this.logger.warn(
      { op, err: describeError(error), url: redactUrls(this.url) },
      'Redis unreachable; rate limits and change notices stay within this process until it answers',
    );
  }

  /** Closes both connections at once (no QUIT: a Redis that never answers would keep it pending). */
  async close(): Promise<void> {
    this.closed = true;
    for (const opening of [this.command, this.subscriber]) {
      if (!opening) continue;
      try {
        (await opening).destroy();
      } catch {
        // Already gone.
      }
    }
  }

  private async open(role: string): Promise<RedisClient> {
    const { createClient } = await import('@keyv/redis');
    if (this.closed) throw new RedisUnavailable('the Redis link is closed');
    const client = newClient(createClient, this.url, this.connectTimeoutMs);
    client.on('error', (error: unknown) => this.failed(`${role} connection`, error));
    client.on('ready', () => {
      this.down = false;
      if (this.reported) {
        this.reported = false;
        this.logger.info({ role }, 'Redis answering again');
      }
    });
    const connecting = client.connect().then(
      () => {},
      (error: unknown) => this.failed(`${role} connect`, error),
    );
    if (role === 'commands') this.firstReady = connecting;
    return client;
  }
}
