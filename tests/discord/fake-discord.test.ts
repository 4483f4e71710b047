import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.ts';

describe('FakeDiscord with a bare discord.js client', () => {
  let fake: FakeDiscord | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    await fake?.close();
    expect(fake?.openSockets).toBe(0);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap')).toEqual([]);
  });

  it('logs in, acknowledges a command, edits the reply and creates a thread', async () => {
    fake = await new FakeDiscord().start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    const errors: unknown[] = [];
    client.on(Events.Error, (e) => errors.push(e));
    client.on(Events.InteractionCreate, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      const message = await interaction.editReply({ content: `hi ${interaction.options.getString('q')}` });
      await message.startThread({ name: 'talk' });
    });
    const ready = new Promise((resolve) => client!.once(Events.ClientReady, resolve));
    await client.login('fake-token');
    await ready;
    expect(client.guilds.cache.size).toBe(1);
    const sent = fake.slashCommand({ name: 'ping', options: { q: 'there' } });
    await fake.waitFor((c) => c.path.endsWith('/threads'));
    const paths = fake
      .callsFor(sent.id)
      .map((c) => `${c.method} ${c.path.replace(/\d{10,}|itoken-\d+/g, ':id')}`);
    expect(paths).toEqual([
      'POST /interactions/:id/:id/callback',
      'PATCH /webhooks/:id/:id/messages/@original',
    ]);
    expect(fake.original(sent.id)?.content).toBe('hi there');
    expect(fake.ackLatency(sent.id)).toBeLessThan(1000);
    expect(fake.identify?.token).toBe('[present]');
    expect(errors).toEqual([]);
  });
});
