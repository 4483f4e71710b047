import { randomUUID } from 'node:crypto';
import { LocalTenantChanges, type TenantChanges } from '../core/tenant-changes.ts';
import type { TenantId } from '../core/types.ts';
import { withTimeout } from '../llm/cache/with-timeout.ts';
import type { RedisLink } from './redis-link.ts';

export interface RedisTenantChangesOptions {
  /** Changes of one server within this window go out as one notice (bulk ingest). Default 100 ms. */
  coalesceMs?: number | undefined;
  /** How long closing waits to send what is pending. Default 1 s. */
  closeBudgetMs?: number | undefined;
}

/** The notice on the wire: which server, and which process said so (it ignores its own echo). */
interface Notice {
  origin: string;
  tenant: TenantId;
}

/**
 * TenantChanges over Redis pub/sub (channel `<prefix>tenant-changes`): listeners here are told at
 * once; other processes are told through Redis, a server's burst of changes coalesced into one
 * notice. This process subscribes only once something here listens (an ingest run never does).
 * With Redis down, notices to other processes are lost and their caches expire on their own.
 */
export class RedisTenantChanges implements TenantChanges {
  private readonly local = new LocalTenantChanges();
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly coalesceMs: number;
  private readonly closeBudgetMs: number;
  private readonly pending = new Set<TenantId>();
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private subscribed = false;

  constructor(
    private readonly link: RedisLink,
    options: RedisTenantChangesOptions = {},
  ) {
    this.channel = `${link.prefix}tenant-changes`;
    this.coalesceMs = options.coalesceMs ?? 100;
    this.closeBudgetMs = options.closeBudgetMs ?? 1_000;
  }

  publish(tenant: TenantId): void {
    this.local.publish(tenant);
    this.pending.add(tenant);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.coalesceMs);
      // close() sends what is pending: the timer alone must not keep a finished process alive.
      this.timer.unref();
    }
  }

  subscribe(listener: (tenant: TenantId) => void): () => void {
    if (!this.subscribed) {
      this.subscribed = true;
      // node-redis subscribes once connected and again after every reconnect.
      this.link
        .subscriberClient()
        .then((client) => client.subscribe(this.channel, (message: string) => this.receive(message)))
        .catch((error: unknown) => this.link.failed('subscribe', error));
    }
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    this.flush();
    await withTimeout(Promise.allSettled([...this.sending]), this.closeBudgetMs, 'change notices').catch(
      () => {},
    );
    await this.local.close();
  }

  private receive(message: string): void {
    let notice: Partial<Notice>;
    try {
      notice = JSON.parse(message) as Partial<Notice>;
    } catch {
      return;
    }
    // Another deployment's junk on a shared Redis is ignored, like our own echo.
    if (notice.origin === this.origin || typeof notice.tenant !== 'string' || notice.tenant.length > 100)
      return;
    this.local.publish(notice.tenant);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const tenants = [...this.pending];
    this.pending.clear();
    const sent = (async () => {
      try {
        const client = await this.link.client();
        for (const tenant of tenants) {
          const notice: Notice = { origin: this.origin, tenant };
          await client.publish(this.channel, JSON.stringify(notice));
        }
      } catch (error) {
        this.link.failed('change notice', error);
      }
    })();
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }
}
