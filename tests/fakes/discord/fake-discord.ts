/**
 * A local Discord for tests and benchmarks: the REST API and the WebSocket gateway on one
 * 127.0.0.1 port, enough for the real discord.js client to log in, receive interactions and
 * messages, and answer them. Every REST call is recorded (method, decoded path, JSON body) so tests
 * assert on what the bot sent, like MonitoRSS's recording REST double.
 * Facts it follows: /work/shared/notes/discord-fake.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type WebSocket, WebSocketServer } from 'ws';
import { ChannelRules } from './channel-rules.ts';
import { fakeMessage, fakeSnowflake, type JsonObject, type JsonValue } from './fake-objects.ts';

export type { JsonObject, JsonValue };

/** One REST call the bot made. */
export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, URL-decoded (`@original`, not `%40original`). */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (`payload_json` for multipart), or undefined. */
  body: JsonObject | undefined;
  /** performance.now() when the request arrived. */
  at: number;
  status: number;
  /** The User-Agent header: a sharded bot names its shard there, so tests see which process called. */
  userAgent: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text, 11 public thread. */
  type: number;
  parentId?: string | undefined;
  /** Permission bits denied to the bot in this channel (an overwrite), e.g. Embed Links. */
  botDeny?: bigint | undefined;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  roles?: { id: string; name: string; permissions: string }[] | undefined;
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean | undefined;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  content_type: string;
}

export interface FakeDiscordOptions {
  guilds?: FakeGuild[] | undefined;
  heartbeatIntervalMs?: number | undefined;
  /** Interactions acknowledged later than this get 404 Unknown interaction, as on Discord. */
  ackTimeoutMs?: number | undefined;
  /** Webhook calls (edits, follow-ups) later than this after the interaction get 401 Invalid Webhook Token (default 15 minutes). */
  tokenLifetimeMs?: number | undefined;
  /** How long a post's nonce is remembered for `enforce_nonce` (default 5 minutes). */
  nonceWindowMs?: number | undefined;
  /** The shard count `GET /gateway/bot` recommends (default 1). */
  recommendedShards?: number | undefined;
}

/** One gateway connection: the shard it identified as, and its own sequence numbers. */
interface GatewaySession {
  /** `[id, count]` from IDENTIFY; undefined until it identified. */
  shard?: [number, number] | undefined;
  seq: number;
}

/** Permission bit strings for members in dispatched interactions. */
export const PERMISSIONS = {
  member: '1024', // View Channel only
  manager: String(1 << 5), // Manage Server
  // What the README's invite link grants the bot (its managed role).
  bot: '309237730304',
} as const;

const MESSAGE_CONTENT_INTENT = 1 << 15;
const READ_MESSAGE_HISTORY = 1n << 16n;

interface InteractionRecord {
  id: string;
  token: string;
  channelId: string;
  guildId?: string | undefined;
  dispatchedAt: number;
  /** Shard ids whose connections were sent the interaction (Discord sends it to exactly one). */
  receivedBy: number[];
  acknowledged: boolean;
  /** When the first callback arrived (accepted or not), for latency without scanning every call. */
  firstCallbackAt?: number | undefined;
  originalId?: string | undefined;
}

/** A channel option's value: the channel's id, resolved as Discord sends it. */
export interface FakeChannelOption {
  channel: string;
}

type OptionInput = string | number | FakeAttachment | FakeChannelOption;

/** What becomes of a held channel post: `drop` cuts the connection and nothing lands; `land` creates the message. */
export type HeldFate = 'drop' | 'land';

/**
 * A channel post the fake keeps unanswered until the test decides its fate, so a test can kill the
 * bot while its POST is in flight: dropped, the bot died before Discord got it; landed after the
 * kill, Discord created the message but the bot never learned its id.
 */
export interface HeldPost {
  /** Resolves with the held call once the bot's POST has arrived (and is being held). */
  arrived(timeoutMs?: number): Promise<RecordedCall>;
  /** Decides the held post's fate; resolves once the fake has acted on it. */
  release(fate: HeldFate): Promise<void>;
}

interface HoldState {
  /** `post:<channel id>` or `edit:<interaction id>`. */
  key: string;
  /** What is held, for messages. */
  what: string;
  call?: RecordedCall | undefined;
  onArrive: Deferred<RecordedCall>;
  fate: Deferred<HeldFate>;
  done: Deferred<void>;
}

/** The fake Discord: start(), dispatch events, inspect calls, close(). */
export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly appId = fakeSnowflake();
  readonly botUser: FakeUser = { id: fakeSnowflake(), username: 'briefing-bot', bot: true };
  readonly guilds: FakeGuild[];
  /** Commands registered, keyed by `global` or the guild id. */
  readonly registered = new Map<string, JsonObject[]>();
  /** Attachment downloads served, so tests can check a file was (not) fetched. */
  attachmentDownloads = 0;
  /** The last IDENTIFY payload (intents, token presence). */
  identify: JsonObject | undefined;
  /** Every IDENTIFY payload, in order (token masked), e.g. to see which shards logged in. */
  readonly identifies: JsonObject[] = [];
  /** Refusals, nonces and history for channel posts (tests steer it directly). */
  readonly channels: ChannelRules;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<Socket>();
  private readonly messages = new Map<string, JsonObject>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly attachments = new Map<
    string,
    { bytes: Uint8Array; type: string; failAfterBytes?: number | undefined }
  >();
  private readonly deniedThreadChannels = new Set<string>();
  private readonly waiters = new Set<() => void>();
  /** Armed holds, by key: the next POST into a channel, or edit of an interaction's response, waits for its fate. */
  private readonly holds = new Map<string, HoldState>();
  private readonly sessions = new Map<WebSocket, GatewaySession>();
  private port = 0;
  private readonly recommendedShards: number;
  private readonly heartbeatMs: number;
  private readonly ackTimeoutMs: number;
  private readonly tokenLifetimeMs: number;

  constructor(options: FakeDiscordOptions = {}) {
    this.guilds = options.guilds ?? [
      { id: fakeSnowflake(), name: 'Guild A', channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }] },
    ];
    this.heartbeatMs = options.heartbeatIntervalMs ?? 41_250;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3_000;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
    this.recommendedShards = options.recommendedShards ?? 1;
    this.channels = new ChannelRules(options.nonceWindowMs);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGateway(ws));
    });
  }

  /** Listens on 127.0.0.1 with a free port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** What to pass as discord.js `rest.api` (and `DISCORD_API_BASE`). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Open TCP connections, for leak assertions after teardown. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Closes the gateway and the HTTP server; call after `client.destroy()`. */
  async close(): Promise<void> {
    // A post still held never lands: its handler finishes before the server closes.
    for (const hold of this.holds.values()) hold.fate.resolve('drop');
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    const closing = [...this.sockets].map(
      (socket) => new Promise((resolve) => socket.once('close', resolve)),
    );
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test controls ------------------------------------------------------------------------

  /** Deletes a channel, as when someone removes it from the server (posts then get 10003). */
  removeChannel(channelId: string): void {
    this.removedChannels.add(channelId);
    for (const guild of this.guilds) guild.channels = guild.channels.filter((c) => c.id !== channelId);
  }

  /** Messages by the bot in a channel, oldest first. */
  channelPosts(channelId: string): JsonObject[] {
    return [...this.messages.values()].filter(
      (m) => m.channel_id === channelId && (m.author as JsonObject | undefined)?.id === this.botUser.id,
    );
  }

  /**
   * Holds the next `POST /channels/:id/messages` into `channelId` without answering it, until the
   * returned handle's `release` drops or lands it. One hold per channel at a time.
   */
  holdNextPost(channelId: string): HeldPost {
    return this.arm(`post:${channelId}`, `a post into ${channelId}`);
  }

  /**
   * Holds the next `PATCH /webhooks/:app/:token/messages/@original` of an interaction (the edit that
   * turns its deferred "thinking…" into the reply) until the handle's `release`: dropped, the edit
   * never happened (the bot died before Discord got it); landed, the response is edited.
   */
  holdNextEdit(interactionId: string): HeldPost {
    return this.arm(`edit:${interactionId}`, `an edit of interaction ${interactionId}'s response`);
  }

  private arm(key: string, what: string): HeldPost {
    if (this.holds.has(key)) throw new Error(`fake discord: ${what} is already held`);
    const hold: HoldState = { key, what, onArrive: deferred(), fate: deferred(), done: deferred() };
    this.holds.set(key, hold);
    return {
      arrived: (timeoutMs = 5_000) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`fake discord: no ${what} within ${timeoutMs} ms`)),
            timeoutMs,
          );
        });
        return Promise.race([hold.onArrive.promise, timeout]).finally(() => clearTimeout(timer));
      },
      release: async (fate) => {
        if (!hold.call) throw new Error(`fake discord: release before ${what} arrived`);
        hold.fate.resolve(fate);
        await hold.done.promise;
      },
    };
  }

  /** Makes thread creation in a channel fail with 403 Missing Permissions. */
  denyThreads(channelId: string): void {
    this.deniedThreadChannels.add(channelId);
  }

  /**
   * Serves bytes at a local URL and returns the attachment object Discord would resolve.
   * With `failAfterBytes`, the download announces the full length, sends only that many bytes and
   * then drops the connection, as a CDN transfer that breaks off partway.
   */
  addAttachment(
    filename: string,
    bytes: Uint8Array,
    contentType = 'text/plain',
    options: { failAfterBytes?: number | undefined } = {},
  ): FakeAttachment {
    const id = fakeSnowflake();
    this.attachments.set(id, { bytes, type: contentType, failAfterBytes: options.failAfterBytes });
    return {
      id,
      filename,
      size: bytes.byteLength,
      url: `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(filename)}`,
      content_type: contentType,
    };
  }

  /** A message the fake knows (sent by the bot or dispatched by a test). */
  message(id: string): JsonObject | undefined {
    return this.messages.get(id);
  }

  /** The message an interaction's response became (`@original`). */
  original(interactionId: string): JsonObject | undefined {
    const id = this.interactions.get(interactionId)?.originalId;
    return id ? this.messages.get(id) : undefined;
  }

  /** Calls made for one interaction: its callback and its webhook calls. */
  callsFor(interactionId: string): RecordedCall[] {
    const record = this.interactions.get(interactionId);
    if (!record) return [];
    return this.calls.filter(
      (c) => c.path.startsWith(`/interactions/${record.id}/`) || c.path.includes(`/${record.token}`),
    );
  }

  /** Milliseconds from dispatch to the first callback received, for an interaction. */
  ackLatency(interactionId: string): number | undefined {
    const record = this.interactions.get(interactionId);
    return record?.firstCallbackAt !== undefined ? record.firstCallbackAt - record.dispatchedAt : undefined;
  }

  /** The token Discord gave an interaction (webhook edits and follow-ups carry it in their path). */
  tokenOf(interactionId: string): string | undefined {
    return this.interactions.get(interactionId)?.token;
  }

  /** Resolves with the first recorded call matching, waiting for it if needed. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
    return this.waitUntil(() => this.calls.find(predicate), timeoutMs);
  }

  /** Resolves once `count` calls match. */
  waitForCount(
    predicate: (call: RecordedCall) => boolean,
    count: number,
    timeoutMs = 5_000,
  ): Promise<RecordedCall[]> {
    // Incremental: each check looks only at calls recorded since the last one, so waiting while
    // thousands of calls arrive stays linear (a full rescan per call stalled load benchmarks).
    const found: RecordedCall[] = [];
    let scanned = 0;
    return this.waitUntil(() => {
      for (; scanned < this.calls.length; scanned++) {
        const call = this.calls[scanned]!;
        if (predicate(call)) found.push(call);
      }
      return found.length >= count ? found : undefined;
    }, timeoutMs);
  }

  // ---- dispatching events -------------------------------------------------------------------

  /**
   * Sends a gateway dispatch as Discord routes it: an event of a guild only to the connection of
   * the guild's shard (`(guild_id >> 22) % count`), anything else (DMs) to shard 0. Returns the
   * shard ids it was sent to.
   */
  dispatch(t: string, d: JsonValue): number[] {
    const guildId = typeof d === 'object' && d !== null && !Array.isArray(d) ? d.guild_id : undefined;
    const reached: number[] = [];
    for (const [ws, session] of this.sessions) {
      if (!session.shard) continue;
      const [id, count] = session.shard;
      const target = typeof guildId === 'string' ? shardOfGuild(guildId, count) : 0;
      if (target !== id) continue;
      this.send(ws, { op: 0, t, s: ++session.seq, d });
      reached.push(id);
    }
    return reached;
  }

  /** `[id, count]` of every identified connection still open, by shard id. */
  liveShards(): [number, number][] {
    return [...this.sessions.values()].flatMap((s) => (s.shard ? [s.shard] : [])).sort((a, b) => a[0] - b[0]);
  }

  /** Resolves once `count` shards are connected and were sent their guilds. */
  waitForShards(count: number, timeoutMs = 30_000): Promise<[number, number][]> {
    return this.waitUntil(() => {
      const live = this.liveShards();
      return live.length >= count ? live : undefined;
    }, timeoutMs);
  }

  /** Shard ids an interaction was dispatched to. */
  receivedBy(interactionId: string): number[] {
    return this.interactions.get(interactionId)?.receivedBy ?? [];
  }

  /** A slash command; `options` values: string (3), integer (4), an attachment (11) or `{ channel }` (7). */
  slashCommand(input: {
    name: string;
    subcommand?: string | undefined;
    options?: Record<string, OptionInput> | undefined;
    guildId?: string | undefined;
    channelId?: string | undefined;
    user?: FakeUser | undefined;
    permissions?: string | undefined;
    dm?: boolean | undefined;
  }): InteractionRecord {
    const resolved: Record<string, FakeAttachment> = {};
    const channels: Record<string, JsonObject> = {};
    const options: JsonObject[] = Object.entries(input.options ?? {}).map(([name, value]) => {
      if (typeof value === 'object' && 'channel' in value) {
        const channel = this.channelById(value.channel);
        // Discord resolves a chosen channel as a partial: id, name, type and the caller's permissions.
        channels[value.channel] = {
          id: value.channel,
          name: channel?.name ?? 'gone',
          type: channel?.type ?? 0,
          permissions: PERMISSIONS.bot,
        };
        return { name, type: 7, value: value.channel };
      }
      if (typeof value === 'object') {
        resolved[value.id] = value;
        return { name, type: 11, value: value.id };
      }
      return { name, type: typeof value === 'number' ? 4 : 3, value };
    });
    const data: JsonObject = {
      id: fakeSnowflake(),
      name: input.name,
      type: 1,
      options: input.subcommand ? [{ name: input.subcommand, type: 1, options }] : options,
    };
    const resolvedData: JsonObject = {};
    if (Object.keys(resolved).length > 0) resolvedData.attachments = resolved as unknown as JsonObject;
    if (Object.keys(channels).length > 0) resolvedData.channels = channels;
    if (Object.keys(resolvedData).length > 0) data.resolved = resolvedData;
    return this.interaction(2, data, input);
  }

  /** Autocomplete while typing `focused` (its current value is `value`). */
  autocomplete(input: {
    name: string;
    subcommand?: string | undefined;
    focused: string;
    value: string;
    guildId?: string | undefined;
    channelId?: string | undefined;
  }): InteractionRecord {
    const options: JsonObject[] = [{ name: input.focused, type: 3, value: input.value, focused: true }];
    const data: JsonObject = {
      id: fakeSnowflake(),
      name: input.name,
      type: 1,
      options: input.subcommand ? [{ name: input.subcommand, type: 1, options }] : options,
    };
    return this.interaction(4, data, input);
  }

  /** A button click on a message the fake knows. */
  buttonClick(input: {
    messageId: string;
    customId: string;
    user?: FakeUser | undefined;
    permissions?: string | undefined;
  }): InteractionRecord {
    const message = this.messages.get(input.messageId);
    if (!message) throw new Error(`fake discord: no message ${input.messageId}`);
    return this.interaction(
      3,
      { custom_id: input.customId, component_type: 2 },
      { ...input, channelId: String(message.channel_id), guildId: this.guildOf(String(message.channel_id)) },
      message,
    );
  }

  /** A modal submitted from a button on `messageId`; fields are text inputs by custom id. */
  modalSubmit(input: {
    messageId: string;
    customId: string;
    fields: Record<string, string>;
    user?: FakeUser | undefined;
  }): InteractionRecord {
    const message = this.messages.get(input.messageId);
    if (!message) throw new Error(`fake discord: no message ${input.messageId}`);
    const components = Object.entries(input.fields).map(([customId, value], i) => ({
      type: 18,
      id: i + 1,
      component: { type: 4, id: i + 100, custom_id: customId, value },
    }));
    return this.interaction(
      5,
      { custom_id: input.customId, components },
      { ...input, channelId: String(message.channel_id), guildId: this.guildOf(String(message.channel_id)) },
      message,
    );
  }

  /** A member's message in a channel or thread; optionally a reply, a mention of the bot, or a DM. */
  userMessage(input: {
    channelId: string;
    content: string;
    user?: FakeUser | undefined;
    replyTo?: string | undefined;
    mentionBot?: boolean | undefined;
    dm?: boolean | undefined;
  }): JsonObject {
    const author = input.user ?? defaultUser;
    const guildId = input.dm ? undefined : this.guildOf(input.channelId);
    const referenced = input.replyTo ? this.messages.get(input.replyTo) : undefined;
    const content = input.mentionBot ? `<@${this.botUser.id}> ${input.content}` : input.content;
    const message = fakeMessage({
      id: fakeSnowflake(),
      channelId: input.channelId,
      guildId,
      author: userObject(author),
      content,
      mentions: input.mentionBot ? [userObject(this.botUser)] : [],
      referenced,
    });
    this.messages.set(String(message.id), message);
    const hasIntent = ((Number(this.identify?.intents) || 0) & MESSAGE_CONTENT_INTENT) !== 0;
    // Without the privileged intent Discord blanks content unless the bot is mentioned (or it is a DM).
    const visible = hasIntent || input.mentionBot || input.dm ? message : { ...message, content: '' };
    const channelType = input.dm
      ? 1
      : (this.guilds.flatMap((g) => g.channels).find((c) => c.id === input.channelId)?.type ?? 0);
    this.dispatch('MESSAGE_CREATE', {
      ...visible,
      channel_type: channelType,
      ...(guildId ? { member: memberObject(author, PERMISSIONS.member, false) } : {}),
    });
    return message;
  }

  // ---- internals ----------------------------------------------------------------------------

  private interaction(
    type: number,
    data: JsonObject,
    input: {
      guildId?: string | undefined;
      channelId?: string | undefined;
      user?: FakeUser | undefined;
      permissions?: string | undefined;
      dm?: boolean | undefined;
    },
    message?: JsonObject,
  ): InteractionRecord {
    const guild = input.dm ? undefined : (this.guilds.find((g) => g.id === input.guildId) ?? this.guilds[0]!);
    const channelId = input.channelId ?? guild?.channels[0]?.id ?? fakeSnowflake();
    const channel = guild?.channels.find((c) => c.id === channelId);
    const user = input.user ?? defaultUser;
    const record: InteractionRecord = {
      id: fakeSnowflake(),
      token: `itoken-${fakeSnowflake()}`,
      channelId,
      guildId: guild?.id,
      dispatchedAt: 0,
      receivedBy: [],
      acknowledged: false,
    };
    this.interactions.set(record.id, record);
    const payload: JsonObject = {
      id: record.id,
      token: record.token,
      type,
      version: 1,
      application_id: this.appId,
      data,
      channel_id: channelId,
      channel: guild
        ? channelObject(channel ?? { id: channelId, name: 'unknown', type: 0 }, guild.id)
        : { id: channelId, type: 1 },
      locale: 'en-US',
      app_permissions: '562949953421311',
      entitlements: [],
      authorizing_integration_owners: guild ? { '0': guild.id } : { '1': user.id },
      context: guild ? 0 : 1,
      attachment_size_limit: 10_485_760,
    };
    if (guild) {
      payload.guild_id = guild.id;
      payload.guild_locale = 'en-US';
      payload.member = memberObject(user, input.permissions ?? PERMISSIONS.member, true);
    } else {
      payload.user = userObject(user);
    }
    if (message) payload.message = message;
    record.dispatchedAt = performance.now();
    record.receivedBy = this.dispatch('INTERACTION_CREATE', payload);
    return record;
  }

  private readonly botRoles = new Map<string, string>();
  private readonly removedChannels = new Set<string>();

  /** The bot's managed role in a guild, carrying the invite permissions. */
  private botRoleOf(guildId: string): string {
    let id = this.botRoles.get(guildId);
    if (!id) {
      id = fakeSnowflake();
      this.botRoles.set(guildId, id);
    }
    return id;
  }

  private channelById(channelId: string): FakeChannel | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return channel;
    }
    return undefined;
  }

  private guildOf(channelId: string): string | undefined {
    return this.guilds.find((g) => g.channels.some((c) => c.id === channelId))?.id;
  }

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const found = check();
        if (found === undefined) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.calls.map((c) => `${c.method} ${c.path}`).join('\n  ');
        reject(new Error(`fake discord: timed out after ${timeoutMs} ms; calls so far:\n  ${seen}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private onGateway(ws: WebSocket): void {
    const session: GatewaySession = { seq: 0 };
    this.sessions.set(ws, session);
    ws.on('close', () => {
      this.sessions.delete(ws);
      this.notify();
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatMs } });
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: JsonObject };
      if (packet.op === 1) this.send(ws, { op: 11 });
      else if (packet.op === 2) this.ready(ws, session, packet.d);
      else if (packet.op === 6) this.send(ws, { op: 0, t: 'RESUMED', s: ++session.seq, d: {} });
    });
  }

  private ready(ws: WebSocket, session: GatewaySession, identify: JsonObject): void {
    // Keep the intents, never the token: recorded state may end up in test output.
    this.identify = { ...identify, token: identify.token ? '[present]' : '[missing]' };
    this.identifies.push(this.identify);
    const [id, count] = parseShard(identify.shard);
    // A shard receives only its own guilds, in READY and as GUILD_CREATE.
    const guilds = this.guilds.filter((g) => shardOfGuild(g.id, count) === id);
    this.send(ws, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: userObject(this.botUser),
        application: { id: this.appId, flags: 0 },
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: `session-${fakeSnowflake()}`,
        resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
        private_channels: [],
        shard: [id, count],
      },
    });
    for (const guild of guilds)
      this.send(ws, {
        op: 0,
        t: 'GUILD_CREATE',
        s: ++session.seq,
        d: guildObject(guild, this.botUser, this.botRoleOf(guild.id)),
      });
    session.shard = [id, count];
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private send(ws: WebSocket, packet: JsonObject): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(packet));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/attachments/')) {
      const file = this.attachments.get(url.pathname.split('/')[2] ?? '');
      if (!file) return void reply(res, 404, { message: 'Not Found' });
      this.attachmentDownloads += 1;
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.byteLength });
      if (file.failAfterBytes === undefined) return void res.end(file.bytes);
      // Part of the body, flushed, then the connection is cut: the client's read fails midway.
      res.write(file.bytes.subarray(0, file.failAfterBytes), () => res.destroy());
      return;
    }
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body,
      at,
      status: 0,
      userAgent: String(req.headers['user-agent'] ?? ''),
    };
    const hold = this.holdFor(call);
    if (hold) {
      hold.call = call;
      hold.onArrive.resolve(call);
      const fate = await hold.fate.promise;
      this.holds.delete(hold.key);
      if (fate === 'drop') {
        // Never answered, never created: status 0 marks a call Discord did not act on.
        this.calls.push(call);
        res.destroy();
        hold.done.resolve();
        for (const waiter of [...this.waiters]) waiter();
        return;
      }
    }
    const [status, payload] = this.route(call);
    call.status = status;
    this.calls.push(call);
    // A landed post's client may be gone (killed while it waited): Discord acted on it all the same.
    if (!res.destroyed && !req.socket.destroyed) reply(res, status, payload);
    hold?.done.resolve();
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The armed hold a channel post or a response edit falls into, if any. */
  private holdFor(call: RecordedCall): HoldState | undefined {
    const key = this.holdKey(call);
    const hold = key ? this.holds.get(key) : undefined;
    return hold && !hold.call ? hold : undefined;
  }

  private holdKey(call: RecordedCall): string | undefined {
    if (call.method === 'POST') {
      const channelId = call.path.match(/^\/channels\/(\d+)\/messages$/)?.[1];
      return channelId ? `post:${channelId}` : undefined;
    }
    if (call.method === 'PATCH') {
      const token = call.path.match(/^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/)?.[1];
      const record = token ? [...this.interactions.values()].find((r) => r.token === token) : undefined;
      return record ? `edit:${record.id}` : undefined;
    }
    return undefined;
  }

  /** Answers one REST call: [status, JSON body or undefined for 204]. */
  private route(call: RecordedCall): [number, JsonValue | undefined] {
    const { method, path, body } = call;
    // Groups of the last route matched.
    let m: string[] = [];
    const at = (re: RegExp) => {
      const found = path.match(re);
      m = found ? [...found] : [];
      return found !== null;
    };
    if (method === 'GET' && /^\/gateway(\/bot)?$/.test(path)) {
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: this.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if (method === 'GET' && /^\/(oauth2\/)?applications\/@me$/.test(path)) {
      return [200, { id: this.appId, name: 'briefing-bot', flags: 0, bot_public: true, description: '' }];
    }
    if (at(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) {
      const key = m[2] ?? 'global';
      if (method === 'PUT') {
        const commands = ((body as unknown as JsonObject[]) ?? []).map((c) => ({
          ...c,
          id: fakeSnowflake(),
          application_id: this.appId,
          version: fakeSnowflake(),
          ...(m[2] ? { guild_id: m[2] } : {}),
        }));
        this.registered.set(key, commands);
        return [200, commands];
      }
      return [200, this.registered.get(key) ?? []];
    }
    if (at(/^\/interactions\/(\d+)\/([^/]+)\/callback$/) && method === 'POST') {
      return this.callback(m[1]!, call);
    }
    if (at(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/)) {
      return this.webhook(m[2]!, m[3], call);
    }
    // What a process without the server in its cache (another shard's) reads to work out its permissions.
    if (at(/^\/channels\/(\d+)$/) && method === 'GET') {
      const channel = this.channelById(m[1]!);
      const guildId = this.guildOf(m[1]!);
      if (!channel || !guildId) return [404, { message: 'Unknown Channel', code: 10003 }];
      return [200, channelObject(channel, guildId, this.botUser.id)];
    }
    if (at(/^\/guilds\/(\d+)\/roles$/) && method === 'GET') {
      const guild = this.guilds.find((g) => g.id === m[1]);
      if (!guild) return [404, { message: 'Unknown Guild', code: 10004 }];
      return [200, guildObject(guild, this.botUser, this.botRoleOf(guild.id)).roles as JsonValue];
    }
    if (at(/^\/guilds\/(\d+)\/members\/(\d+)$/) && method === 'GET') {
      const guild = this.guilds.find((g) => g.id === m[1]);
      if (!guild) return [404, { message: 'Unknown Guild', code: 10004 }];
      // The fake's servers have one member REST knows: the bot, with its managed role.
      if (m[2] !== this.botUser.id) return [404, { message: 'Unknown Member', code: 10007 }];
      return [
        200,
        {
          ...memberObject(this.botUser, '0', false),
          user: userObject(this.botUser),
          roles: [this.botRoleOf(guild.id)],
        },
      ];
    }
    if (at(/^\/channels\/(\d+)\/messages$/) && method === 'GET') {
      if (this.removedChannels.has(m[1]!)) return [404, { message: 'Unknown Channel', code: 10003 }];
      const denied = this.channelById(m[1]!)?.botDeny ?? 0n;
      if ((denied & READ_MESSAGE_HISTORY) !== 0n) return [200, []];
      return [200, this.channels.history(m[1]!, this.messages.values(), call.query)];
    }
    if (at(/^\/channels\/(\d+)\/messages$/) && method === 'POST') {
      if (this.removedChannels.has(m[1]!)) return [404, { message: 'Unknown Channel', code: 10003 }];
      const refusal = this.channels.refusal(m[1]!);
      if (refusal) return refusal;
      const repeat = this.channels.repeatOf(m[1]!, body, call.at);
      if (repeat && this.messages.has(repeat)) return [200, this.messages.get(repeat)!];
      const message = this.botMessage(m[1]!, body);
      this.channels.rememberNonce(m[1]!, body, String(message.id), call.at);
      // Discord echoes the bot's own messages back through the gateway; the bot must ignore them.
      this.dispatch('MESSAGE_CREATE', message);
      return [200, message];
    }
    if (at(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/) && method === 'POST') {
      return this.createThread(m[1]!, m[2]!, body);
    }
    if (at(/^\/channels\/(\d+)\/threads$/) && method === 'POST') {
      return this.createThread(m[1]!, fakeSnowflake(), body);
    }
    if (/^\/channels\/\d+\/typing$/.test(path)) return [204, undefined];
    return [404, { message: `fake discord: no route for ${method} ${path}`, code: 0 }];
  }

  private callback(interactionId: string, call: RecordedCall): [number, JsonValue | undefined] {
    const record = this.interactions.get(interactionId);
    if (!record) return [404, { message: 'Unknown interaction', code: 10062 }];
    record.firstCallbackAt ??= call.at;
    if (record.acknowledged) {
      return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
    }
    if (call.at - record.dispatchedAt > this.ackTimeoutMs) {
      return [404, { message: 'Unknown interaction', code: 10062 }];
    }
    record.acknowledged = true;
    const type = Number(call.body?.type);
    const data = (call.body?.data ?? {}) as JsonObject;
    if (type === 4 || type === 5) {
      const message = this.botMessage(record.channelId, type === 4 ? data : { ...data, content: '' });
      record.originalId = String(message.id);
    }
    if (call.query.get('with_response') === 'true') {
      return [
        200,
        {
          interaction: { id: record.id, type: 2 },
          resource: record.originalId
            ? { type, message: this.messages.get(record.originalId) ?? null }
            : { type },
        },
      ];
    }
    return [204, undefined];
  }

  private webhook(
    token: string,
    messageId: string | undefined,
    call: RecordedCall,
  ): [number, JsonValue | undefined] {
    const record = [...this.interactions.values()].find((r) => r.token === token);
    if (!record) return [404, { message: 'Unknown Webhook', code: 10015 }];
    if (call.at - record.dispatchedAt > this.tokenLifetimeMs) {
      return [401, { message: 'Invalid Webhook Token', code: 50027 }];
    }
    if (call.method === 'POST' && !messageId) {
      return [200, this.botMessage(record.channelId, call.body)];
    }
    const id = messageId === '@original' ? record.originalId : messageId;
    const existing = id ? this.messages.get(id) : undefined;
    if (call.method === 'DELETE') {
      if (id) this.messages.delete(id);
      return [204, undefined];
    }
    if (call.method === 'GET')
      return existing ? [200, existing] : [404, { message: 'Unknown Message', code: 10008 }];
    if (call.method === 'PATCH') {
      if (!existing) {
        const created = this.botMessage(record.channelId, call.body);
        record.originalId = String(created.id);
        return [200, created];
      }
      const edited = {
        ...existing,
        ...pickMessageFields(call.body),
        edited_timestamp: new Date().toISOString(),
      };
      this.messages.set(String(existing.id), edited);
      return [200, edited];
    }
    return [405, { message: 'Method Not Allowed', code: 0 }];
  }

  private botMessage(channelId: string, body: JsonObject | undefined): JsonObject {
    const reference = body?.message_reference as JsonObject | undefined;
    const message = fakeMessage({
      id: fakeSnowflake(),
      channelId,
      guildId: this.guildOf(channelId),
      author: userObject(this.botUser),
      ...pickMessageFields(body),
      referenced: reference?.message_id ? this.messages.get(String(reference.message_id)) : undefined,
    });
    this.messages.set(String(message.id), message);
    return message;
  }

  private createThread(
    channelId: string,
    threadId: string,
    body: JsonObject | undefined,
  ): [number, JsonValue] {
    if (this.deniedThreadChannels.has(channelId))
      return [403, { message: 'Missing Permissions', code: 50013 }];
    const guild = this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
    if (!guild) return [404, { message: 'Unknown Channel', code: 10003 }];
    // Discord gives a thread started from a message the message's id.
    const thread: FakeChannel = {
      id: threadId,
      name: String(body?.name ?? 'thread'),
      type: 11,
      parentId: channelId,
    };
    guild.channels.push(thread);
    const object = { ...channelObject(thread, guild.id), newly_created: true };
    // The message a thread starts from shows it, as Discord's history does.
    const starter = this.messages.get(threadId);
    if (starter) this.messages.set(threadId, { ...starter, thread: channelObject(thread, guild.id) });
    this.dispatch('THREAD_CREATE', object);
    return [201, object];
  }
}

/** The shard Discord routes a guild's events to: `(guild_id >> 22) % shard_count`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** IDENTIFY's `shard` field, `[id, count]`; absent means `[0, 1]`, as on Discord. */
function parseShard(value: JsonValue | undefined): [number, number] {
  if (!Array.isArray(value)) return [0, 1];
  const [id, count] = value.map(Number);
  return Number.isInteger(id) && Number.isInteger(count) && count! > 0 && id! >= 0 && id! < count!
    ? [id!, count!]
    : [0, 1];
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const defaultUser: FakeUser = { id: '100000000000000001', username: 'reader' };

function userObject(user: FakeUser): JsonObject {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    bot: user.bot ?? false,
  };
}

function memberObject(user: FakeUser, permissions: string, withUser: boolean): JsonObject {
  return {
    ...(withUser ? { user: userObject(user), permissions } : {}),
    roles: [],
    joined_at: '2026-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    premium_since: null,
    communication_disabled_until: null,
  };
}

function channelObject(channel: FakeChannel, guildId: string, botId?: string): JsonObject {
  const base: JsonObject = { id: channel.id, name: channel.name, type: channel.type, guild_id: guildId };
  if (channel.type === 11) {
    return {
      ...base,
      parent_id: channel.parentId ?? null,
      owner_id: null,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
  }
  return {
    ...base,
    position: 0,
    permission_overwrites:
      channel.botDeny && botId ? [{ id: botId, type: 1, allow: '0', deny: String(channel.botDeny) }] : [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  };
}

function guildObject(guild: FakeGuild, bot: FakeUser, botRoleId: string): JsonObject {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: '100000000000000000',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: PERMISSIONS.member,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: botRoleId,
        name: bot.username,
        permissions: PERMISSIONS.bot,
        position: 1,
        color: 0,
        hoist: false,
        managed: true,
        mentionable: false,
        flags: 0,
      },
      ...(guild.roles ?? []).map((r, i) => ({
        ...r,
        position: i + 2,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      })),
    ],
    channels: guild.channels.filter((c) => c.type !== 11).map((c) => channelObject(c, guild.id, bot.id)),
    threads: guild.channels.filter((c) => c.type === 11).map((c) => channelObject(c, guild.id)),
    members: [{ ...memberObject(bot, '0', true), roles: [botRoleId] }],
    member_count: 2,
    emojis: [],
    stickers: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    large: false,
    unavailable: false,
    joined_at: '2026-01-01T00:00:00.000Z',
  };
}

function pickMessageFields(body: JsonObject | undefined): {
  content?: string;
  embeds?: JsonValue;
  components?: JsonValue;
  flags?: number;
} {
  const out: { content?: string; embeds?: JsonValue; components?: JsonValue; flags?: number } = {};
  if (!body) return out;
  if (typeof body.content === 'string') out.content = body.content;
  if (body.embeds !== undefined) out.embeds = body.embeds;
  if (body.components !== undefined) out.components = body.components;
  if (typeof body.flags === 'number') out.flags = body.flags;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer, type: string): JsonObject | undefined {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (type.includes('multipart/form-data')) {
    const m = text.match(/name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/);
    return m ? (JSON.parse(m[1]!) as JsonObject) : undefined;
  }
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, status: number, payload: JsonValue | undefined): void {
  if (payload === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
