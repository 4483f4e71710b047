import { PermissionFlagsBits as P, PermissionsBitField, REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiOverwrite,
  channelPermissions,
  fetchChannelAccess,
} from '../../src/transports/discord/rest-permissions.ts';
import { FakeDiscord } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake } from '../fakes/discord/fake-objects.ts';

const GUILD = '1000';
const USER = '2000';
const ROLE_A = '3001';
const ROLE_B = '3002';
const OTHER_ROLE = '3003';

const bits = (...flags: bigint[]) => String(flags.reduce((a, b) => a | b, 0n));
const roleOverwrite = (id: string, deny: bigint, allow = 0n): ApiOverwrite => ({
  id,
  type: 0,
  allow: String(allow),
  deny: String(deny),
});

function permissionsWith(overwrites: ApiOverwrite[], memberRoles = [ROLE_A, ROLE_B]) {
  return channelPermissions({
    guildId: GUILD,
    userId: USER,
    memberRoles,
    roles: [
      { id: GUILD, permissions: bits(P.ViewChannel, P.ReadMessageHistory) },
      { id: ROLE_A, permissions: bits(P.SendMessages) },
      { id: ROLE_B, permissions: bits(P.EmbedLinks) },
      { id: OTHER_ROLE, permissions: bits(P.Administrator) },
    ],
    overwrites,
  });
}

describe("channelPermissions: Discord's algorithm", () => {
  it("is @everyone's permissions with the member's roles' added, without overwrites", () => {
    const p = permissionsWith([]);
    expect(p.has([P.ViewChannel, P.ReadMessageHistory, P.SendMessages, P.EmbedLinks])).toBe(true);
    expect(p.has(P.ManageMessages)).toBe(false);
  });

  it("ignores the roles the member does not have, in the base and in the channel's overwrites", () => {
    const p = permissionsWith([roleOverwrite(OTHER_ROLE, P.SendMessages)]);
    expect(p.has(P.Administrator)).toBe(false);
    expect(p.has(P.SendMessages)).toBe(true);
  });

  it('gives an administrator everything, whatever the overwrites deny', () => {
    const p = permissionsWith(
      [roleOverwrite(GUILD, P.ViewChannel | P.ReadMessageHistory)],
      [ROLE_A, OTHER_ROLE],
    );
    expect(p.bitfield).toBe(PermissionsBitField.All);
  });

  it('applies the @everyone overwrite, then the roles (denies, then allows, together), then the member', () => {
    const p = permissionsWith([
      // @everyone loses history; a role gives it back.
      roleOverwrite(GUILD, P.ReadMessageHistory),
      // One role denies Embed Links, another allows it: the allow wins, whatever the order.
      roleOverwrite(ROLE_A, P.EmbedLinks, P.ReadMessageHistory),
      roleOverwrite(ROLE_B, 0n, P.EmbedLinks),
      // The member's own overwrite comes last.
      { id: USER, type: 1, allow: bits(P.AddReactions), deny: bits(P.SendMessages) },
    ]);
    expect(p.has([P.ReadMessageHistory, P.EmbedLinks, P.AddReactions])).toBe(true);
    expect(p.has(P.SendMessages)).toBe(false);
  });

  it('leaves nothing without View Channel', () => {
    const p = permissionsWith([{ id: USER, type: 1, allow: '0', deny: bits(P.ViewChannel) }]);
    expect(p.bitfield).toBe(0n);
  });

  it("does not take a member overwrite for a role's, or the reverse", () => {
    const p = permissionsWith([
      { id: ROLE_A, type: 1, allow: '0', deny: bits(P.SendMessages) },
      roleOverwrite(USER, P.EmbedLinks),
    ]);
    expect(p.has([P.SendMessages, P.EmbedLinks])).toBe(true);
  });
});

describe('fetchChannelAccess over REST (the fake Discord)', () => {
  const guild = fakeSnowflake();
  const open = fakeSnowflake();
  const noHistory = fakeSnowflake();
  const thread = fakeSnowflake();
  let fake: FakeDiscord;
  let rest: REST;
  beforeAll(async () => {
    fake = await new FakeDiscord({
      guilds: [
        {
          id: guild,
          name: 'Newsroom',
          channels: [
            { id: open, name: 'news', type: 0 },
            { id: noHistory, name: 'digests', type: 0, botDeny: P.ReadMessageHistory },
            { id: thread, name: 'a thread', type: 11, parentId: noHistory },
          ],
        },
      ],
    }).start();
    rest = new REST({ api: fake.apiBase }).setToken('fake-token');
  });
  afterAll(async () => {
    await fake.close();
  });

  it("computes the bot's permissions from the channel, its member and the guild's roles", async () => {
    const access = await fetchChannelAccess(rest, open, fake.botUser.id);
    expect(access?.guildId).toBe(guild);
    expect(access?.isThread).toBe(false);
    expect(access?.permissions.has([P.ViewChannel, P.SendMessages, P.EmbedLinks, P.ReadMessageHistory])).toBe(
      true,
    );
    const paths = fake.calls.map((c) => `${c.method} ${c.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        `GET /channels/${open}`,
        `GET /guilds/${guild}/members/${fake.botUser.id}`,
        `GET /guilds/${guild}/roles`,
      ]),
    );
  });

  it("sees an overwrite that denies the bot Read Message History, and a thread gets its parent's", async () => {
    const denied = await fetchChannelAccess(rest, noHistory, fake.botUser.id);
    expect(denied?.permissions.has(P.ReadMessageHistory)).toBe(false);
    expect(denied?.permissions.has(P.SendMessages)).toBe(true);
    const inThread = await fetchChannelAccess(rest, thread, fake.botUser.id);
    expect(inThread?.isThread).toBe(true);
    expect(inThread?.permissions.has(P.ReadMessageHistory)).toBe(false);
  });

  it('knows nothing when a request fails: an unknown channel, a member the server does not have', async () => {
    expect(await fetchChannelAccess(rest, fakeSnowflake(), fake.botUser.id)).toBeUndefined();
    expect(await fetchChannelAccess(rest, open, fakeSnowflake())).toBeUndefined();
  });
});
