import { type BaseInteraction, Client, Events, GatewayIntentBits, type Message, Partials } from 'discord.js';
import { type Services, withPublisher } from '../../briefing/services.ts';
import { Dispatcher } from '../../commands/dispatcher.ts';
import { faultMessage } from '../../commands/messages.ts';
import { COMMANDS } from '../../commands/registry.ts';
import { TERMINAL_CHANNEL_ID } from '../../core/publisher.ts';
import { MemoryRateLimiter, type RateLimiter, type RateLimitOptions } from '../../core/rate-limiter.ts';
import { Scheduler } from '../../core/scheduler.ts';
import type { TenantChanges } from '../../core/tenant-changes.ts';
import { DigestJob } from '../../digests/digest-job.ts';
import { feedJobs } from '../../feeds/feed-jobs.ts';
import { parseAllowList } from '../../fetch/address-policy.ts';
import { GuardedFetcher } from '../../fetch/guarded-fetcher.ts';
import type { PendingReplyStore } from '../../store/pending-reply-store.ts';
import { startTicker } from '../schedule/ticker.ts';
import { DISCORD_CDN_HOSTS } from './attachments.ts';
import { handleAutocomplete } from './autocomplete.ts';
import { handleButton, handleModal } from './components.ts';
import type { DiscordConfig } from './config.ts';
import { type BotDeps, NO_MENTIONS, safeError } from './context.ts';
import { type RepliableInteraction, tellPrivately } from './deliver.ts';
import { DiscordPublisher } from './discord-publisher.ts';
import { discordText } from './discord-text.ts';
import { handleChatInput } from './interactions.ts';
import { handleMessage } from './messages.ts';
import { PendingReplyJob } from './pending-replies.ts';
import { registerCommands } from './register-commands.ts';
import { DEFAULT_REPLY_GRACE_MS, ReplyLeases } from './reply-lease.ts';
import { SuggestionCache } from './suggestion-cache.ts';
import { WorkQueue } from './work-queue.ts';

export interface DiscordBotOptions {
  services: Services;
  config: DiscordConfig & { token: string };
  /** Registers the slash commands once logged in (to `config.guildId` if set, else globally). */
  registerCommands?: boolean | undefined;
  /** Per user and server, for engine work (briefings, questions, uploads). Default: 5 at once, 1 more per 12 s. */
  rateLimit?: RateLimitOptions | undefined;
  /** Where the buckets live (shared through Redis); default in this process, with `rateLimit`. */
  limiter?: RateLimiter | undefined;
  /** Tells this process when a server's articles changed in any process (drops its autocomplete lists). */
  tenantChanges?: TenantChanges | undefined;
  /** Least time between preview edits of a streaming answer. Default 1,000 ms. */
  streamIntervalMs?: number | undefined;
  /** Engine jobs run at once; default 2 for the offline engine, 16 for an LLM. */
  workConcurrency?: number | undefined;
  /** How long shutdown waits for work in progress. Default 10 s. */
  shutdownGraceMs?: number | undefined;
  /** discord.js's REST cap (50/s by default); benchmarks raise it. */
  globalRequestsPerSecond?: number | undefined;
  /** How often due digests are looked for; default 30 s. 0 turns the scheduler off (tests drive it). */
  tickIntervalMs?: number | undefined;
  /** How late a missed digest may still be posted; default 3 h. */
  digestGraceMs?: number | undefined;
  /** How long a digest claim holds before another process recovers it; default 5 minutes. */
  digestLeaseMs?: number | undefined;
  /** Digests posted at once within a tick; default 8 (benchmarks compare 1). */
  digestPostConcurrency?: number | undefined;
  /** Run as one shard of several (`--shard I --shards N`): Discord then sends only this shard's guilds. */
  shard?: ShardSpec | undefined;
  /**
   * Where deferred replies are recorded while they run (the backend's), so that any process finishes
   * one whose process died; without it a dead process's "thinking…" stays unanswered.
   */
  pendingReplies?: PendingReplyStore | undefined;
  /** How long a deferred reply's process may go silent before another finishes it; default 60 s. */
  replyGraceMs?: number | undefined;
}

/** One shard of a sharded bot: `id` in 0..count-1. */
export interface ShardSpec {
  id: number;
  count: number;
}

/** The per-user limit when none is configured. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 5, refillMs: 12_000 };

/** A running bot. */
export interface DiscordBot {
  client: Client;
  /** Stops accepting work, waits (bounded) for work in progress, disconnects. Idempotent. */
  stop(): Promise<void>;
  /** The scheduler that posts due digests (ticked by a timer unless `tickIntervalMs` is 0). */
  scheduler: Scheduler;
}

/** Intents the bot needs; Message Content is privileged, so it is only asked for when configured. */
export function intentsFor(config: Pick<DiscordConfig, 'messageContent'>): GatewayIntentBits[] {
  return [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    // Only so a DM can be answered with the refusal.
    GatewayIntentBits.DirectMessages,
    ...(config.messageContent ? [GatewayIntentBits.MessageContent] : []),
  ];
}

/** Logs in, wires the handlers, waits until ready (and registers commands if asked). */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { config } = options;
  const { shard } = options;
  const client = new Client({
    intents: intentsFor(config),
    ...(shard ? { shards: [shard.id], shardCount: shard.count } : {}),
    // DM channels are never cached; without this partial, DMs are dropped before the refusal.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    rest: {
      api: config.apiBase,
      // The shard in every request's User-Agent: a proxy's log (or the test fake) tells who called.
      ...(shard ? { userAgentAppendix: `Node.js ${process.version} briefing-bot-shard/${shard.id}` } : {}),
      ...(options.globalRequestsPerSecond
        ? { globalRequestsPerSecond: options.globalRequestsPerSecond }
        : {}),
    },
  });
  // Attachments come only from Discord's hosts (checked per hop). A DISCORD_API_BASE the operator set
  // (a proxy; the test fake) is trusted like BRIEFING_FETCH_ALLOW, even on a private address.
  const apiBase = new URL(config.apiBase);
  const apiEndpoint = `${apiBase.hostname}:${apiBase.port || (apiBase.protocol === 'https:' ? 443 : 80)}`;
  const attachmentFetcher = new GuardedFetcher({
    allow: apiBase.hostname === 'discord.com' ? [] : parseAllowList(apiEndpoint),
  });
  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const publisher = new DiscordPublisher(client);
  const services = withPublisher(options.services, publisher);
  const suggestions = new SuggestionCache(services.clock);
  // Articles stored or removed by any process (another shard, `ingest`, a feed poll) stale these lists too.
  const stopListening = options.tenantChanges?.subscribe((tenant) => suggestions.invalidate(tenant));
  const dispatcher = new Dispatcher({
    commands: COMMANDS,
    services,
    limiter:
      options.limiter ?? new MemoryRateLimiter(services.clock, options.rateLimit ?? DEFAULT_RATE_LIMIT),
    // A command that changed a server's articles makes its autocomplete lists stale.
    onStateChanged: (tenant) => suggestions.invalidate(tenant),
  });
  const deps: BotDeps = {
    services,
    dispatcher,
    // The offline engine is CPU-bound: more than two jobs at once only delays acknowledgements.
    // LLM work mostly waits on the network, so it may overlap much more.
    work: new WorkQueue(options.workConcurrency ?? (services.engine.extractive ? 2 : 16)),
    streamIntervalMs: options.streamIntervalMs ?? 1_000,
    attachmentHosts: new Set([...DISCORD_CDN_HOSTS, apiBase.host]),
    attachmentFetcher,
    suggestions,
    refusedDms: new Set(),
    replyLeases: options.pendingReplies
      ? new ReplyLeases({
          store: options.pendingReplies,
          clock: services.clock,
          logger: services.logger,
          graceMs: options.replyGraceMs ?? config.replyGraceMs ?? DEFAULT_REPLY_GRACE_MS,
        })
      : undefined,
  };
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    track(onInteraction(interaction, deps, closing));
  });
  client.on(Events.MessageCreate, (message) => {
    if (closing) return;
    track(onMessage(message, deps));
  });
  client.on(Events.Error, (error) => services.logger.error(safeError(error), 'discord client error'));
  client.on(Events.ShardDisconnect, (event) =>
    services.logger.warn({ code: event.code }, 'gateway disconnected'),
  );

  const scheduler = new Scheduler(
    [
      // First: a dead process's reply has only what is left of its token's 15 minutes.
      ...(options.pendingReplies && deps.replyLeases
        ? [
            new PendingReplyJob({
              store: options.pendingReplies,
              leases: deps.replyLeases,
              bot: deps,
              rest: client.rest,
            }),
          ]
        : []),
      new DigestJob({
        digests: services.digests,
        dispatcher,
        publisher,
        logger: services.logger,
        graceMs: options.digestGraceMs,
        leaseMs: options.digestLeaseMs,
        postConcurrency: options.digestPostConcurrency,
        // Terminal schedules belong to the shell; a server this bot has left is not ours to post in.
        serves: (schedule) =>
          schedule.channelId !== TERMINAL_CHANNEL_ID && client.guilds.cache.has(schedule.tenant),
        // In the query too: other shards' servers, and servers the bot has left, would otherwise
        // fill every tick's batch ahead of this process's own.
        tenants: () => [...client.guilds.cache.keys()],
        // A dead process's claims, though, any shard can finish: the publisher looks for the post and
        // posts over REST, working out its permissions there when the channel is not in this cache.
        recovers: (schedule) => schedule.channelId !== TERMINAL_CHANNEL_ID,
      }),
      ...feedJobs(services),
    ],
    services.logger,
  );
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.token);
  await ready;
  services.logger.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, shard: shard?.id },
    'discord bot ready',
  );
  // Commands belong to the application, not to a shard: one shard registers them for all.
  if (options.registerCommands && (shard === undefined || shard.id === 0)) {
    const result = await registerCommands({
      token: config.token,
      apiBase: config.apiBase,
      applicationId: config.applicationId ?? client.application?.id,
      guildId: config.guildId,
      rest: client.rest,
    });
    services.logger.info(result, 'slash commands registered');
  }
  const ticker =
    options.tickIntervalMs === 0 ? undefined : startTicker(scheduler, services.clock, options.tickIntervalMs);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      closing = true;
      await ticker?.stop();
      const grace = options.shutdownGraceMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, grace);
        }),
      ]);
      clearTimeout(timer);
      if (inFlight.size > 0)
        services.logger.warn({ pending: inFlight.size }, 'shutting down with work in progress');
      stopListening?.();
      await client.destroy();
      await attachmentFetcher.close();
    })();
    return stopping;
  };
  return { client, stop, scheduler };
}

async function onInteraction(interaction: BaseInteraction, deps: BotDeps, closing: boolean): Promise<void> {
  try {
    if (interaction.isAutocomplete()) return await handleAutocomplete(interaction, deps);
    if (!interaction.isRepliable()) return;
    if (closing) return await tellPrivately(interaction as RepliableInteraction, discordText.shuttingDown);
    if (interaction.isChatInputCommand()) return await handleChatInput(interaction, deps);
    if (interaction.isButton()) return await handleButton(interaction, deps);
    if (interaction.isModalSubmit()) return await handleModal(interaction, deps);
  } catch (error) {
    deps.services.logger.error(
      { tenant: interaction.guildId, interaction: interaction.id, ...safeError(error) },
      'interaction failed',
    );
    if (interaction.isChatInputCommand() || interaction.isButton() || interaction.isModalSubmit()) {
      await tellPrivately(interaction, faultMessage(error));
    }
  }
}

async function onMessage(message: Message, deps: BotDeps): Promise<void> {
  try {
    await handleMessage(message, deps);
  } catch (error) {
    deps.services.logger.error({ tenant: message.guildId, ...safeError(error) }, 'message handling failed');
  }
}

/** Calls `stop` once on SIGINT or SIGTERM; returns a function that removes the handlers. */
export function onShutdownSignals(stop: () => Promise<void>): () => void {
  const handler = () => void stop();
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
