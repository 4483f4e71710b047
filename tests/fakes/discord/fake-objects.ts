/** JSON shapes the fake Discord sends: snowflakes and message objects discord.js accepts. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// Snowflakes carry a timestamp (discord.js derives createdAt from it): start from a real one.
let next = 1_300_000_000_000_000_000n;

/** A fresh, increasing snowflake id. */
export function fakeSnowflake(): string {
  next += 1n;
  return String(next);
}

// Guild ids a test places on chosen shards: their top bits (id >> 22) vary, which plain snowflakes'
// do not (consecutive ids share them). Starts from the same instant, above every plain id's key.
let nextShardKey = (next >> 22n) + 1_000_000n;

/**
 * A fresh snowflake for a guild that lands on the given shard for each shard count, as Discord
 * routes it (`(id >> 22) % count`): `{ 2: 0, 3: 1 }` is shard 0 of 2 and shard 1 of 3.
 */
export function fakeSnowflakeOnShards(shards: Record<number, number>): string {
  const wanted = Object.entries(shards).map(([count, id]) => [BigInt(count), BigInt(id)] as const);
  for (;;) {
    nextShardKey += 1n;
    if (wanted.every(([count, id]) => nextShardKey % count === id)) return String(nextShardKey << 22n);
  }
}

/** A message object as REST and the gateway return it. */
export function fakeMessage(input: {
  id: string;
  channelId: string;
  guildId?: string | undefined;
  author: JsonObject;
  content?: string | undefined;
  embeds?: JsonValue | undefined;
  components?: JsonValue | undefined;
  flags?: number | undefined;
  mentions?: JsonObject[] | undefined;
  referenced?: JsonObject | undefined;
}): JsonObject {
  const message: JsonObject = {
    id: input.id,
    channel_id: input.channelId,
    author: input.author,
    content: input.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: input.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    reactions: [],
    pinned: false,
    type: input.referenced ? 19 : 0,
    flags: input.flags ?? 0,
  };
  if (input.guildId) message.guild_id = input.guildId;
  if (input.referenced) {
    message.message_reference = {
      type: 0,
      message_id: input.referenced.id ?? null,
      channel_id: input.referenced.channel_id ?? null,
      ...(input.guildId ? { guild_id: input.guildId } : {}),
    };
    // Without nested references, so chains stay small.
    const { referenced_message: _, ...flat } = input.referenced;
    message.referenced_message = flat;
  }
  return message;
}
