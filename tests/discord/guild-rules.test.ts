import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.ts';
import { PERMISSIONS } from '../fakes/discord/fake-discord.ts';
import { closeAndCheck, contentCalls, guild, Harness } from './harness.ts';

type Option = {
  name: string;
  type: number;
  required?: boolean;
  choices?: unknown[];
  max_length?: number;
  autocomplete?: boolean;
  options?: Option[];
};
type Payload = {
  name: string;
  description: string;
  options: Option[];
  default_member_permissions: string | null;
  contexts: number[];
  dm_permission: boolean;
};

describe('Discord transport: registration, tenancy, DMs, rate limits, autocomplete', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    const running = h;
    h = undefined;
    await closeAndCheck(running);
  });

  it('registers every command to the configured guild with Discord types, order, limits and permissions', async () => {
    h = await Harness.start();
    const put = await h.fake.waitFor((c) => c.method === 'PUT');
    expect(put.path).toBe(`/applications/${h.fake.appId}/guilds/${h.guildId}/commands`);
    const payloads = put.body as unknown as Payload[];
    expect(payloads.map((p) => p.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const p of payloads) {
      expect(p.description.length).toBeLessThanOrEqual(100);
      expect(p.contexts).toEqual([0]);
      expect(p.dm_permission).toBe(false);
    }
    const byName = Object.fromEntries(payloads.map((p) => [p.name, p]));
    expect(byName.brief?.options.find((o) => o.name === 'length')?.choices).toEqual([
      { name: 'short', value: 'short' },
      { name: 'standard', value: 'standard' },
      { name: 'long', value: 'long' },
    ]);
    expect(byName.ask?.options.map((o) => [o.name, o.type, o.required])).toEqual([
      ['question', 3, true],
      ['article', 4, false],
    ]);
    expect(byName.ask?.options[1]?.autocomplete).toBe(true);
    expect(byName.actor?.options[0]?.autocomplete).toBe(true);
    // /article stays open (list/show are for everyone); add/remove are refused at run time.
    expect(byName.article?.default_member_permissions).toBeNull();
    const subs = byName.article?.options ?? [];
    expect(subs.map((s) => [s.name, s.type])).toEqual([
      ['add', 1],
      ['list', 1],
      ['show', 1],
      ['remove', 1],
    ]);
    const add = subs[0]?.options ?? [];
    expect(add.find((o) => o.name === 'file')?.type).toBe(11);
    expect(add.find((o) => o.name === 'text')?.max_length).toBe(6000);
    // Required options come first in every subcommand.
    for (const sub of subs) {
      const required = (sub.options ?? []).map((o) => o.required);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('keeps two servers apart: one cannot see or autocomplete the other’s articles', async () => {
    const a = guild('A');
    const b = guild('B');
    h = await Harness.start({ guilds: [a, b], ingest: true });
    const listB = h.fake.slashCommand({ name: 'article', subcommand: 'list', guildId: b.id });
    const replyB = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${listB.id}/`));
    expect(JSON.stringify(replyB.body)).toContain('No articles stored yet');
    const listA = h.fake.slashCommand({ name: 'article', subcommand: 'list', guildId: a.id });
    const replyA = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${listA.id}/`));
    expect(JSON.stringify(replyA.body)).toContain('Putin tightens his embrace');

    const acA = h.fake.autocomplete({ name: 'actor', focused: 'name', value: 'put', guildId: a.id });
    const choicesA = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${acA.id}/`));
    expect(choicesA.body?.type).toBe(8);
    const names = (((choicesA.body?.data ?? {}) as { choices: { name: string }[] }).choices ?? []).map(
      (c) => c.name,
    );
    expect(names).toContain('Vladimir Putin');
    expect(names.length).toBeLessThanOrEqual(25);
    const acB = h.fake.autocomplete({ name: 'actor', focused: 'name', value: 'put', guildId: b.id });
    const choicesB = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${acB.id}/`));
    expect(((choicesB.body?.data ?? {}) as { choices: unknown[] }).choices).toEqual([]);
    const acArticle = h.fake.autocomplete({
      name: 'article',
      subcommand: 'show',
      focused: 'id',
      value: 'embrace',
      guildId: a.id,
    });
    const articles = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${acArticle.id}/`));
    expect(((articles.body?.data ?? {}) as { choices: unknown[] }).choices).toEqual([
      { name: '#1 Putin tightens his embrace of Lukashenko', value: 1 },
    ]);
  });

  it('refuses DMs: slash commands privately, messages once per person', async () => {
    h = await Harness.start({ ingest: true });
    const dm = h.fake.slashCommand({ name: 'ask', options: { question: 'Who is Putin?' }, dm: true });
    const reply = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${dm.id}/`));
    expect(((reply.body?.data ?? {}) as { content: string; flags: number }).content).toBe(
      'briefing-bot works in servers; invite it to one and use it there.',
    );
    const dmChannel = '300000000000000001';
    h.fake.userMessage({ channelId: dmChannel, content: 'hello?', dm: true });
    const refusal = await h.fake.waitFor((c) => c.path === `/channels/${dmChannel}/messages`);
    expect(refusal.body?.content).toMatch(/works in servers/);
    h.fake.userMessage({ channelId: dmChannel, content: 'hello again?', dm: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls.filter((c) => c.path === `/channels/${dmChannel}/messages`)).toHaveLength(1);
  });

  it('rate-limits engine work per person with a private message saying how long to wait', async () => {
    h = await Harness.start({ ingest: true, bot: { rateLimit: { capacity: 1, refillMs: 60_000 } } });
    const first = h.fake.slashCommand({ name: 'ask', options: { question: 'Who is Putin?' } });
    await h.fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(first.token));
    const second = h.fake.slashCommand({ name: 'ask', options: { question: 'Who is Lukashenko?' } });
    const refused = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${second.id}/`));
    expect(refused.body?.type).toBe(4);
    expect(((refused.body?.data ?? {}) as { content: string; flags: number }).content).toMatch(
      /Try again in 1 minute/,
    );
    expect(((refused.body?.data ?? {}) as { flags: number }).flags).toBe(64);
    // Cheap commands are not limited.
    const list = h.fake.slashCommand({ name: 'article', subcommand: 'list' });
    const listed = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${list.id}/`));
    expect(JSON.stringify(listed.body)).toContain('Putin tightens');
    for (const { payload } of contentCalls(h.fake.calls)) {
      expect(payload.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
  });

  it('suggests actors from the server’s registry and caches article lists per server, refreshed after /article add', async () => {
    const a = guild('A');
    const b = guild('B');
    const reads: { method: string; tenant: unknown }[] = [];
    const counted = new Set<PropertyKey>(['suggestRegistryActors', 'listArticleActors', 'listArticles']);
    h = await Harness.start({
      guilds: [a, b],
      ingest: true,
      // A counting proxy over the real store: which reads autocomplete makes, for which server.
      wrapStore: (store) =>
        new Proxy(store, {
          get(target, prop) {
            const value = Reflect.get(target, prop, target) as unknown;
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              if (counted.has(prop)) reads.push({ method: String(prop), tenant: args[0] });
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }),
    });
    const { fake } = h;
    const readsOf = (method: string, tenant: string) =>
      reads.filter((r) => r.method === method && r.tenant === tenant).length;
    const choices = async (input: Parameters<typeof fake.autocomplete>[0]) => {
      const ac = fake.autocomplete(input);
      const reply = await fake.waitFor((c) => c.path.startsWith(`/interactions/${ac.id}/`));
      return ((reply.body?.data ?? {}) as { choices: { name: string; value: unknown }[] }).choices;
    };
    const actor = (value: string, guildId: string) =>
      choices({ name: 'actor', focused: 'name', value, guildId });
    const article = (value: string, guildId: string) =>
      choices({ name: 'article', subcommand: 'show', focused: 'id', value, guildId });
    reads.length = 0;

    // Each keystroke is one indexed registry read for A; no actor row is merged on the way.
    expect((await actor('pu', a.id)).map((c) => c.name)).toContain('Vladimir Putin');
    expect((await actor('puti', a.id)).map((c) => c.name)).toContain('Vladimir Putin');
    expect((await actor('lukash', a.id)).map((c) => c.name)).toContain('Alexander Lukashenko');
    expect((await actor('lukash', a.id)).map((c) => c.name)).not.toContain('Vladimir Putin');
    expect(readsOf('suggestRegistryActors', a.id)).toBe(4);
    expect(readsOf('listArticleActors', a.id)).toBe(0);
    // B reads its own registry: nothing of A's.
    expect(await actor('pu', b.id)).toEqual([]);
    expect(await actor('put', b.id)).toEqual([]);
    expect(readsOf('suggestRegistryActors', b.id)).toBe(2);
    expect(reads.every((r) => r.tenant === a.id || r.tenant === b.id)).toBe(true);

    expect(await article('embrace', a.id)).toEqual([
      { name: '#1 Putin tightens his embrace of Lukashenko', value: 1 },
    ]);
    expect(await article('opposition', a.id)).toEqual([]);
    expect(readsOf('listArticles', a.id)).toBe(1);

    // /article add through the bot invalidates A's lists (and only A's).
    const add = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      guildId: a.id,
      options: {
        title: 'Opposition speaks in Minsk',
        text: 'Minsk, Belarus. The opposition leader spoke to reporters on Monday about the election and the protests that followed it.',
      },
      permissions: PERMISSIONS.manager,
    });
    const done = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(`/${add.token}/`));
    expect(done.body?.content).toMatch(/^Added article #2/);
    const before = readsOf('listArticles', a.id);
    expect(await article('opposition', a.id)).toEqual([{ name: '#2 Opposition speaks in Minsk', value: 2 }]);
    expect(readsOf('listArticles', a.id)).toBe(before + 1);
    // The new article's actors are suggested at once, to A only.
    expect((await actor('mins', a.id)).map((c) => c.name)).toContain('Minsk');
    expect(await actor('mins', b.id)).toEqual([]);
  });
});
