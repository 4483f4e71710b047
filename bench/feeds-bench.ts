/**
 * Feed polling at scale on a local site: N feeds of M items each (RSS with ETags, article pages
 * behind every item). Measures the first run (every item fetched, extracted, analysed by the
 * offline engine and stored) in articles per second, then a second round where every feed answers
 * 304 Not Modified, as the cost per feed of a quiet poll.
 * Run: npm run bench -- --only feeds
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { FeedPollJob } from '../src/feeds/feed-poll-job.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { FeedServer } from '../tests/fakes/feed-server.ts';
import { LoopbackFetcher } from '../tests/fakes/loopback-fetcher.ts';
import { articlePage, rss2 } from '../tests/feeds/feed-fixtures.ts';

export interface FeedsBenchResult {
  feeds: number;
  itemsPerFeed: number;
  firstRun: { seconds: number; articlesAdded: number; articlesPerSecond: number; feedsPerSecond: number };
  notModified: { seconds: number; responses304: number; msPerFeed: number };
  unchangedBody: { seconds: number; msPerFeed: number };
}

const TENANT = 'bench';

export async function runFeedsBench(feedCount = 1000, itemsPerFeed = 20): Promise<FeedsBenchResult> {
  const server = await new FeedServer().start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feeds-bench-'));
  const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
  const store = SqliteArticleStore.open({ path: path.join(dir, 'bench.db'), clock });
  try {
    for (let f = 0; f < feedCount; f++) {
      const items = Array.from({ length: itemsPerFeed }, (_, i) => {
        const n = f * itemsPerFeed + i;
        server.routes.set(`/a/${n}`, { body: articlePage(n), contentType: 'text/html' });
        return {
          title: `Story ${n}`,
          link: server.url(`/a/${n}`),
          guid: `story-${n}`,
          date: new Date(Date.UTC(2026, 1, 1) + i * 3_600_000).toISOString(),
          description: `Summary of story ${n}.`,
        };
      });
      server.routes.set(`/f/${f}.xml`, { body: rss2(items, `Feed ${f}`), etag: `"f${f}-v1"` });
    }
    const feeds = store.feedStore();
    for (let f = 0; f < feedCount; f++) {
      await feeds.addFeed(TENANT, { url: server.url(`/f/${f}.xml`), intervalMinutes: 15 }, clock.now());
    }
    const job = new FeedPollJob(
      {
        feeds,
        fetcher: new LoopbackFetcher(),
        store,
        engine: new OfflineEngine(),
        clock,
        logger: silentLogger,
      },
      { batchSize: 100, concurrency: 8 },
    );
    const drain = async () => {
      let polled = 0;
      for (;;) {
        const n = await job.runDue(clock.now());
        if (n === 0) return polled;
        polled += n;
      }
    };

    let t = performance.now();
    await drain();
    const firstSeconds = (performance.now() - t) / 1000;
    const added = await store.countArticles(TENANT);

    clock.advance(15 * 60_000);
    const before = server.requests.length;
    t = performance.now();
    const quiet = await drain();
    const quietSeconds = (performance.now() - t) / 1000;
    const notModified = server.requests.length - before;

    // Servers without validators: the same body is recognised by its hash and not parsed again.
    for (const route of server.routes.values()) route.etag = undefined;
    clock.advance(15 * 60_000);
    t = performance.now();
    const unchanged = await drain();
    const unchangedSeconds = (performance.now() - t) / 1000;

    return {
      feeds: feedCount,
      itemsPerFeed,
      firstRun: {
        seconds: round(firstSeconds),
        articlesAdded: added,
        articlesPerSecond: Math.round(added / firstSeconds),
        feedsPerSecond: Math.round(feedCount / firstSeconds),
      },
      notModified: {
        seconds: round(quietSeconds),
        responses304: notModified,
        msPerFeed: round((quietSeconds * 1000) / Math.max(1, quiet)),
      },
      unchangedBody: {
        seconds: round(unchangedSeconds),
        msPerFeed: round((unchangedSeconds * 1000) / Math.max(1, unchanged)),
      },
    };
  } finally {
    await store.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
