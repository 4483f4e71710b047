import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../../src/briefing/services.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { FeedDeps } from '../../src/feeds/feed-deps.ts';
import { FeedPollJob } from '../../src/feeds/feed-poll-job.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { FeedServer } from '../fakes/feed-server.ts';
import { LoopbackFetcher } from '../fakes/loopback-fetcher.ts';
import { RecordingPublisher } from '../fakes/recording-publisher.ts';
import { articlePage, type FixtureItem, rss2 } from './feed-fixtures.ts';

export const TENANT = 'guild-feeds';

/** One process's view: its own store connection on the shared file, fetcher and job. */
export interface Node {
  store: SqliteArticleStore;
  deps: FeedDeps;
  job: FeedPollJob;
  fetcher: LoopbackFetcher;
  services: Services;
}

/** A feed site on 127.0.0.1, one SQLite file, a fake clock and a recording publisher shared by nodes. */
export class FeedHarness {
  readonly clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  readonly server = new FeedServer();
  readonly publisher = new RecordingPublisher();
  readonly engine = new OfflineEngine();
  private readonly dir = mkdtempSync(join(tmpdir(), 'briefing-feeds-'));
  private readonly nodes: Node[] = [];

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  /** Opens another store connection on the same database file, as a second bot process would. */
  /**
   * Near-duplicate merging is off unless asked for: the generated pages share one template, so they
   * would read as copies of each other.
   */
  node(options: { maxBytes?: number; nearDuplicates?: boolean } = {}): Node {
    const store = SqliteArticleStore.open({
      path: join(this.dir, 'briefing.db'),
      clock: this.clock,
    });
    const fetcher = new LoopbackFetcher({ maxBytes: options.maxBytes });
    const feeds = store.feedStore();
    const nearDuplicates = options.nearDuplicates ? store.nearDuplicateStore() : undefined;
    const deps: FeedDeps = {
      feeds,
      fetcher,
      publisher: this.publisher,
      store,
      nearDuplicates,
      engine: this.engine,
      clock: this.clock,
      logger: silentLogger,
    };
    const services: Services = {
      ...storeServices(store.backend(), { engine: this.engine, clock: this.clock, logger: silentLogger }),
      nearDuplicates,
      feeds: { feeds, fetcher, publisher: this.publisher },
    };
    const node = { store, deps, job: new FeedPollJob(deps), fetcher, services };
    this.nodes.push(node);
    return node;
  }

  /** Serves an RSS feed at `path` whose items link to article pages on this server. */
  serveFeed(path: string, numbers: number[], route: { etag?: string; lastModified?: string } = {}): void {
    const items: FixtureItem[] = numbers.map((n) => ({
      title: `Story ${n}`,
      link: this.server.url(`/a/${n}`),
      guid: `story-${n}`,
      date: new Date(Date.UTC(2026, 1, 1) + n * 3_600_000).toISOString(),
      description: `Summary of story ${n}. More follows.`,
    }));
    for (const n of numbers)
      this.server.routes.set(`/a/${n}`, { body: articlePage(n), contentType: 'text/html' });
    this.server.routes.set(path, { body: rss2(items), ...route });
  }

  async close(): Promise<void> {
    for (const node of this.nodes) await node.store.close();
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
