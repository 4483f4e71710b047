import { ChannelType, PermissionFlagsBits, PermissionsBitField, type REST, Routes } from 'discord.js';

/** A permission overwrite as the API sends it: type 0 a role (the guild id is @everyone), 1 a member. */
export interface ApiOverwrite {
  id: string;
  type: number;
  allow: string;
  deny: string;
}

/** What Discord's permission algorithm needs, as REST returns it. */
export interface PermissionInputs {
  guildId: string;
  userId: string;
  /** The member's roles, without @everyone. */
  memberRoles: readonly string[];
  /** Every role of the guild (@everyone has the guild's id). */
  roles: readonly { id: string; permissions: string }[];
  /** The channel's overwrites (a thread's parent's). */
  overwrites: readonly ApiOverwrite[];
}

/**
 * A member's permissions in a channel, by Discord's algorithm: @everyone's and the member's roles'
 * permissions, everything for Administrator, then the channel's @everyone overwrite, the member's
 * roles' overwrites (all denies, then all allows), the member's own overwrite; without View Channel
 * nothing else applies. (The guild owner, who has everything, is not looked up: a bot is not one.)
 */
export function channelPermissions(input: PermissionInputs): PermissionsBitField {
  const roleBits = new Map(input.roles.map((r) => [r.id, BigInt(r.permissions)]));
  const base = new PermissionsBitField(roleBits.get(input.guildId) ?? 0n);
  for (const role of input.memberRoles) base.add(roleBits.get(role) ?? 0n);
  if (base.has(PermissionFlagsBits.Administrator, false))
    return new PermissionsBitField(PermissionsBitField.All);

  const apply = (deny: bigint, allow: bigint) => base.remove(deny).add(allow);
  const everyone = input.overwrites.find((o) => o.type === 0 && o.id === input.guildId);
  if (everyone) apply(BigInt(everyone.deny), BigInt(everyone.allow));
  const roles = new Set(input.memberRoles);
  let roleDeny = 0n;
  let roleAllow = 0n;
  for (const o of input.overwrites) {
    if (o.type !== 0 || o.id === input.guildId || !roles.has(o.id)) continue;
    roleDeny |= BigInt(o.deny);
    roleAllow |= BigInt(o.allow);
  }
  apply(roleDeny, roleAllow);
  const member = input.overwrites.find((o) => o.type === 1 && o.id === input.userId);
  if (member) apply(BigInt(member.deny), BigInt(member.allow));
  return base.has(PermissionFlagsBits.ViewChannel, false) ? base : new PermissionsBitField(0n);
}

/** A channel as this bot may use it, learned over REST. */
export interface RestChannelAccess {
  guildId: string;
  isThread: boolean;
  permissions: PermissionsBitField;
}

interface ApiChannel {
  id: string;
  type: number;
  guild_id?: string | undefined;
  parent_id?: string | null | undefined;
  permission_overwrites?: ApiOverwrite[] | undefined;
}

const THREAD_TYPES = new Set<number>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/**
 * The bot's permissions in a channel that is not in this process's cache (another shard's server):
 * the channel, the bot's member and the guild's roles over REST (3 or 4 requests). Undefined when
 * any of them fails or the channel is not a server's: the caller then knows nothing.
 */
export async function fetchChannelAccess(
  rest: Pick<REST, 'get'>,
  channelId: string,
  userId: string,
): Promise<RestChannelAccess | undefined> {
  try {
    const channel = (await rest.get(Routes.channel(channelId))) as ApiChannel;
    const guildId = channel.guild_id;
    if (!guildId) return undefined;
    const isThread = THREAD_TYPES.has(channel.type);
    // A thread has no overwrites of its own: its parent's apply.
    const source =
      isThread && channel.parent_id
        ? ((await rest.get(Routes.channel(channel.parent_id))) as ApiChannel)
        : channel;
    const [member, roles] = (await Promise.all([
      rest.get(Routes.guildMember(guildId, userId)),
      rest.get(Routes.guildRoles(guildId)),
    ])) as [{ roles?: string[] }, { id: string; permissions: string }[]];
    const permissions = channelPermissions({
      guildId,
      userId,
      memberRoles: member.roles ?? [],
      roles,
      overwrites: source.permission_overwrites ?? [],
    });
    return { guildId, isThread, permissions };
  } catch {
    return undefined;
  }
}
