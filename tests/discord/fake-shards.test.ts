/**
 * The fake Discord's gateway with several shards, driven by bare discord.js clients in this
 * process: each shard is sent only its own guilds, and a guild's events only reach its shard.
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, shardOfGuild } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../fakes/discord/fake-objects.ts';

const guildOn = (shard: number, count: number, name: string) => ({
  id: fakeSnowflakeOnShards({ [count]: shard }),
  name,
  channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }],
});

describe('FakeDiscord with several shards', () => {
  const clients: Client[] = [];
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.destroy();
    await fake?.close();
    expect(fake?.openSockets).toBe(0);
  });

  it('routes each guild to shard (guild_id >> 22) % count, and DMs to shard 0', async () => {
    const guilds = [
      guildOn(0, 3, 'zero'),
      guildOn(1, 3, 'one'),
      guildOn(2, 3, 'two'),
      guildOn(1, 3, 'one-b'),
    ];
    expect(guilds.map((g) => shardOfGuild(g.id, 3))).toEqual([0, 1, 2, 1]);
    // discord.js computes the same shard for these ids.
    expect(guilds.map((g) => Number((BigInt(g.id) >> 22n) % 3n))).toEqual([0, 1, 2, 1]);
    fake = await new FakeDiscord({ guilds }).start();
    const seen: { shard: number; guild: string | null }[] = [];
    for (const id of [0, 1, 2]) {
      const client = new Client({
        intents: [GatewayIntentBits.Guilds],
        shards: [id],
        shardCount: 3,
        rest: { api: fake.apiBase },
      });
      clients.push(client);
      client.on(Events.InteractionCreate, (interaction: Interaction) => {
        seen.push({ shard: id, guild: interaction.guildId });
      });
      const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
      await client.login('fake-token');
      await ready;
    }
    expect(clients.map((c) => [...c.guilds.cache.keys()].sort())).toEqual([
      [guilds[0]!.id],
      [guilds[1]!.id, guilds[3]!.id].sort(),
      [guilds[2]!.id],
    ]);
    expect(fake.liveShards()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(fake.identifies.map((i) => i.shard)).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);

    const sent = guilds.map((g) => fake!.slashCommand({ name: 'ping', guildId: g.id }));
    const dm = fake.slashCommand({ name: 'ping', dm: true });
    expect(sent.map((s) => fake!.receivedBy(s.id))).toEqual([[0], [1], [2], [1]]);
    expect(fake.receivedBy(dm.id)).toEqual([0]);
    const deadline = Date.now() + 5_000;
    while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen.sort((a, b) => a.shard - b.shard)).toEqual(
      expect.arrayContaining([
        { shard: 0, guild: guilds[0]!.id },
        { shard: 1, guild: guilds[1]!.id },
        { shard: 2, guild: guilds[2]!.id },
        { shard: 1, guild: guilds[3]!.id },
        { shard: 0, guild: null },
      ]),
    );
    expect(seen).toHaveLength(5);
  });
});
