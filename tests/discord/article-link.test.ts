import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../fakes/discord/fake-discord.ts';
import { articlePage, RICH_HEAD } from '../helpers/article-pages.ts';
import { LocalServer } from '../helpers/local-server.ts';
import { closeAndCheck, Harness } from './harness.ts';

describe('Discord: /article add url:', () => {
  let server: LocalServer;
  let h: Harness | undefined;
  beforeAll(async () => {
    server = await LocalServer.start();
    server.serve('/story', articlePage({ head: RICH_HEAD }), { 'content-type': 'text/html' });
    server.on('/to-metadata', (_q, r) =>
      r.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await closeAndCheck(h);
    h = undefined;
  });

  it('fetches the link for a manager, and refuses a redirect to the metadata address with the reason', async () => {
    h = await Harness.start({ fetchAllow: server.endpoint });
    const { fake } = h;
    const add = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { url: server.url('/story') },
      permissions: PERMISSIONS.manager,
    });
    const done = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(`/${add.token}/`));
    expect(done.body?.content).toMatch(/^Added article #1 “Riverton votes to rebuild harbour bridge”/);
    expect(await h.services.store.getArticle(h.guildId, 1)).toMatchObject({
      byline: 'Dana Kim',
      language: 'en',
    });

    const refused = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { url: server.url('/to-metadata') },
      permissions: PERMISSIONS.manager,
    });
    const reply = await fake.waitFor(
      (c) =>
        (c.method === 'PATCH' || c.method === 'POST') &&
        c.path.includes(refused.token) &&
        Boolean(c.body?.content),
    );
    expect(reply.body?.content).toContain('cloud metadata address');
    expect(await h.services.store.countArticles(h.guildId)).toBe(1);
  });
});
