import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/briefing/services.ts';
import { Dispatcher } from '../../src/commands/dispatcher.ts';
import type { Caller } from '../../src/commands/preconditions.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { parseAllowList } from '../../src/fetch/address-policy.ts';
import { GuardedFetcher } from '../../src/fetch/guarded-fetcher.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { parseLine } from '../../src/transports/shell/parse-line.ts';
import { renderText } from '../../src/transports/shell/render-text.ts';
import { articlePage, RICH_HEAD, STORY_PARAGRAPHS } from '../helpers/article-pages.ts';
import { LocalServer } from '../helpers/local-server.ts';

describe('/article add with a link', () => {
  let server: LocalServer;
  let fetcher: GuardedFetcher;
  let store: SqliteArticleStore;
  let dispatcher: Dispatcher;
  const caller: Caller = { tenant: 'guild-a', userId: 'u', conversationId: 'c', canManage: true };

  const run = async (line: string) => {
    const parsed = parseLine(line, dispatcher);
    if (parsed.kind !== 'command') throw new Error(`not a command: ${line}`);
    return renderText(await dispatcher.dispatch(parsed.invocation, caller));
  };

  beforeAll(async () => {
    server = await LocalServer.start();
    server.serve('/story', articlePage({ head: RICH_HEAD }), { 'content-type': 'text/html' });
    server.serve('/other', articlePage({ title: 'Other', paragraphs: STORY_PARAGRAPHS.slice(1) }), {
      'content-type': 'text/html',
    });
    server.serve('/photo.jpg', 'jpeg', { 'content-type': 'image/jpeg' });
    fetcher = new GuardedFetcher({ allow: parseAllowList(server.endpoint) });
    const clock = new FakeClock(new Date('2026-03-05T08:00:00Z'));
    store = SqliteArticleStore.open({ path: ':memory:', clock });
    const services: Services = {
      ...storeServices(store.backend(), { engine: new OfflineEngine(), clock, logger: silentLogger }),
      fetcher,
    };
    dispatcher = new Dispatcher({ commands: COMMANDS, services });
  });
  afterAll(async () => {
    await fetcher.close();
    await store.close();
    await server.close();
  });

  it('fetches a link given alone (named or bare), and reports the same page again as a duplicate', async () => {
    expect(await run(`/article add url: ${server.url('/story')}`)).toMatch(
      /^Added article #1 “Riverton votes to rebuild harbour bridge”/,
    );
    expect(await run(`/article add ${server.url('/story')}`)).toMatch(/^Already stored as article #1/);
    const stored = await store.getArticle('guild-a', 1);
    expect(stored).toMatchObject({ byline: 'Dana Kim', language: 'en', source: 'Riverton Post' });
  });

  it('lets title and published given beside the link win over the page', async () => {
    const reply = await run(
      `/article add url: ${server.url('/other')} title: Harbour bridge, day two published: 2026-03-04`,
    );
    expect(reply).toMatch(/^Added article #\d+ “Harbour bridge, day two”/);
  });

  it('keeps url as metadata when text is given, and refuses an image link with the reason', async () => {
    const reply = await run(
      `/article add text: "${STORY_PARAGRAPHS.slice(2).join(' ')}" url: https://elsewhere.example/x`,
    );
    expect(reply).toMatch(/^Added article/);
    expect(server.requests.some((r) => r.path === '/x')).toBe(false);
    expect(await run(`/article add url: ${server.url('/photo.jpg')}`)).toBe(
      '! Not added: the link is an image (image/jpeg), not a web page, so it was not read.',
    );
  });
});
