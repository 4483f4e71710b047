/**
 * TenantChanges: in this process, and over Redis pub/sub between two links (as two processes
 * have) on the real Redis with a prefix per test; Redis down still tells this process's listeners;
 * and the composition root's store announces every article stored or removed.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import { RedisLink } from '../../src/coordination/redis-link.ts';
import { RedisTenantChanges } from '../../src/coordination/redis-tenant-changes.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { LocalTenantChanges } from '../../src/core/tenant-changes.ts';
import { RecordingLogger } from '../cache/recording-logger.ts';
import { REDIS_URL, skipRedisTests } from '../cache/redis-probe.ts';
import { freePort } from '../cache/redis-server-process.ts';
import { DEMO_ARTICLE, tempDataDir } from '../helpers/run-cli.ts';

const skipRedis = await skipRedisTests();

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LocalTenantChanges', () => {
  it('tells every listener at once, until it unsubscribes, even when another throws', async () => {
    const changes = new LocalTenantChanges();
    const heard: string[] = [];
    changes.subscribe(() => {
      throw new Error('a faulty listener');
    });
    const off = changes.subscribe((tenant) => heard.push(tenant));
    changes.publish('g1');
    off();
    changes.publish('g2');
    expect(heard).toEqual(['g1']);
    await changes.close();
  });
});

describe.skipIf(skipRedis)('RedisTenantChanges on the real Redis', () => {
  it('tells the other process, once per burst, and this one without an echo', async ({ onTestFinished }) => {
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const links = [0, 1, 2].map(
      (i) =>
        new RedisLink({ url: REDIS_URL, prefix: i < 2 ? prefix : `${prefix}other:`, logger: silentLogger }),
    );
    const [a, b, elsewhere] = links.map((link) => new RedisTenantChanges(link)) as [
      RedisTenantChanges,
      RedisTenantChanges,
      RedisTenantChanges,
    ];
    onTestFinished(async () => {
      for (const changes of [a, b, elsewhere]) await changes.close();
      for (const link of links) await link.close();
    });
    const heard = { a: [] as string[], b: [] as string[], elsewhere: [] as string[] };
    a.subscribe((t) => heard.a.push(t));
    b.subscribe((t) => heard.b.push(t));
    elsewhere.subscribe((t) => heard.elsewhere.push(t));
    // Subscriptions are set up in the background: wait until one notice gets through.
    await until(() => {
      a.publish('warm-up');
      return heard.b.includes('warm-up');
    }, 'the subscription');
    heard.a.length = 0;
    heard.b.length = 0;

    for (let i = 0; i < 50; i++) a.publish('guild-1');
    a.publish('guild-2');
    expect(heard.a).toEqual([...Array(50).fill('guild-1'), 'guild-2']);
    await until(() => heard.b.includes('guild-2'), 'the notice in b');
    // A burst of one server's changes is one notice; a's own notice is not heard twice in a.
    // (Warm-up notices still in flight may arrive after the reset: only the guilds' count.)
    expect(heard.b.filter((t) => t.startsWith('guild'))).toEqual(['guild-1', 'guild-2']);
    b.publish('guild-3');
    await until(() => heard.a.includes('guild-3'), 'the notice in a');
    expect(heard.a.filter((t) => t === 'guild-1')).toHaveLength(50);
    // Another prefix is another deployment: it hears none of it.
    expect(heard.elsewhere.filter((t) => t.startsWith('guild'))).toEqual([]);
  });
});

describe('RedisTenantChanges with Redis unreachable', () => {
  it('still tells this process, warns once, and closes promptly', async () => {
    const logger = new RecordingLogger();
    const link = new RedisLink({ url: `redis://127.0.0.1:${await freePort()}`, prefix: 'down:', logger });
    const changes = new RedisTenantChanges(link);
    const heard: string[] = [];
    changes.subscribe((t) => heard.push(t));
    changes.publish('g1');
    changes.publish('g2');
    expect(heard).toEqual(['g1', 'g2']);
    await changes.close();
    await link.close();
    expect(logger.at('warn').length).toBeLessThanOrEqual(1);
    expect(logger.at('warn').every((w) => /Redis unreachable/.test(w.msg ?? ''))).toBe(true);
  });
});

describe('the composition root announces article changes', () => {
  it('on every article stored or removed, by whoever stores it', async ({ onTestFinished }) => {
    const data = tempDataDir();
    const app = createApp({ dataDir: data.dir, logLevel: 'silent' });
    onTestFinished(async () => {
      await app.close();
      data.cleanup();
    });
    const heard: string[] = [];
    app.coordination.tenantChanges.subscribe((t) => heard.push(t));
    const article = { title: 'Putin tightens his embrace', text: readFileSync(DEMO_ARTICLE, 'utf8') };
    const added = await ingestArticle(app.services, 'newsroom', article);
    expect(added.ok).toBe(true);
    // A duplicate changes nothing, and says nothing.
    await ingestArticle(app.services, 'newsroom', article);
    expect(heard).toEqual(['newsroom']);
    const [stored] = await app.services.store.listArticles('newsroom');
    expect(await app.services.store.removeArticle('newsroom', stored!.id)).toBe(true);
    expect(await app.services.store.removeArticle('newsroom', stored!.id)).toBe(false);
    expect(heard).toEqual(['newsroom', 'newsroom']);
  });
});
