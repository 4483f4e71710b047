import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Events } from 'discord.js';
import { expect } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import type { Services } from '../../src/briefing/services.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Logger } from '../../src/core/logger.ts';
import { parseAllowList } from '../../src/fetch/address-policy.ts';
import type { BriefingEngine } from '../../src/llm/engine.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import type { PendingReplyStore } from '../../src/store/pending-reply-store.ts';
import {
  type DiscordBot,
  type DiscordBotOptions,
  startDiscordBot,
} from '../../src/transports/discord/client.ts';
import { FakeDiscord, type FakeGuild, type RecordedCall } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake } from '../fakes/discord/fake-objects.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const FOUNDING_ARTICLE = resolve(REPO_ROOT, '../shared/corpus/belarus-putin-lukashenko.txt');

/** A logger that keeps what it was given, so tests fail on unexpected errors. */
export class RecordingLogger implements Logger {
  readonly entries: { level: string; obj: object; msg?: string | undefined }[] = [];
  info(obj: object, msg?: string) {
    this.entries.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string) {
    this.entries.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string) {
    this.entries.push({ level: 'error', obj, msg });
  }
  get errors() {
    return this.entries.filter((e) => e.level === 'error');
  }
}

export function guild(name: string): FakeGuild {
  return { id: fakeSnowflake(), name, channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }] };
}

export interface HarnessOptions {
  guilds?: FakeGuild[];
  dataDir?: string;
  fake?: FakeDiscord;
  engine?: BriefingEngine;
  /** Wraps the app's store (e.g. in a counting proxy) for everything the bot and the test do. */
  wrapStore?: (store: ArticleStore) => ArticleStore;
  bot?: Partial<Omit<DiscordBotOptions, 'services' | 'config'>>;
  messageContent?: boolean;
  /** Remove the data dir on close (default: only when the harness made it). */
  ownsDataDir?: boolean;
  /** Ingest the founding article into the first guild. */
  ingest?: boolean;
  /** BRIEFING_FETCH_ALLOW for the app's fetcher (local article servers). */
  fetchAllow?: string;
  /** Extra services built on the app's (e.g. feeds over its store). */
  extraServices?: (app: App) => Partial<Services>;
  /** The app's clock (default the system's). */
  clock?: Clock;
  /** Wraps the store the bot records its deferred replies in (e.g. to lose its renewals). */
  wrapPendingReplies?: (store: PendingReplyStore) => PendingReplyStore;
}

/** A fake Discord, an app on a temp data dir, and the real bot logged in to the fake. */
export class Harness {
  readonly clientErrors: unknown[] = [];
  private constructor(
    readonly logger: RecordingLogger,
    readonly fake: FakeDiscord,
    readonly app: App,
    readonly services: Services,
    readonly bot: DiscordBot,
    readonly dataDir: string,
    private readonly ownsDir: boolean,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const fake = options.fake ?? (await new FakeDiscord({ guilds: options.guilds }).start());
    const ownsDir = options.ownsDataDir ?? !options.dataDir;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'briefing-discord-'));
    const app = createApp({
      dataDir,
      logLevel: 'silent',
      fetchAllow: parseAllowList(options.fetchAllow),
      clock: options.clock,
    });
    const logger = new RecordingLogger();
    const services: Services = {
      ...app.services,
      logger,
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.wrapStore ? { store: options.wrapStore(app.services.store) } : {}),
      ...options.extraServices?.(app),
    };
    if (options.ingest) {
      const added = await ingestArticle(services, fake.guilds[0]!.id, {
        title: 'Putin tightens his embrace of Lukashenko',
        text: readFileSync(FOUNDING_ARTICLE, 'utf8'),
        url: 'https://news.example/belarus',
      });
      if (!added.ok) throw new Error(added.message);
    }
    const bot = await startDiscordBot({
      services,
      config: {
        token: 'fake-token',
        apiBase: fake.apiBase,
        applicationId: undefined,
        guildId: fake.guilds[0]!.id,
        messageContent: options.messageContent ?? true,
      },
      registerCommands: true,
      shutdownGraceMs: 2_000,
      // Tests tick the scheduler themselves, at the instants they choose.
      tickIntervalMs: 0,
      // As the CLI wires it: deferred replies are recorded, so another bot on the data dir can finish them.
      pendingReplies: options.wrapPendingReplies?.(app.pendingReplies) ?? app.pendingReplies,
      ...options.bot,
    });
    const harness = new Harness(logger, fake, app, services, bot, dataDir, ownsDir);
    bot.client.on(Events.Error, (e) => harness.clientErrors.push(e));
    await fake.waitFor((c) => c.method === 'PUT' && c.path.endsWith('/commands'));
    return harness;
  }

  get guildId(): string {
    return this.fake.guilds[0]!.id;
  }

  get channelId(): string {
    return this.fake.guilds[0]!.channels[0]!.id;
  }

  /** Stops the bot and closes the store; the fake stays up (for a restart) unless `closeFake`. */
  async stopBot(): Promise<void> {
    await this.bot.stop();
    await this.app.close();
  }

  /** Teardown in the order the notes demand: client, then the fake, then files. */
  async close(): Promise<void> {
    await this.stopBot();
    await this.fake.close();
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Calls that send content (messages, replies, edits, follow-ups), with the payload carrying it. */
export function contentCalls(
  calls: RecordedCall[],
): { call: RecordedCall; payload: Record<string, unknown> }[] {
  return calls.flatMap((call) => {
    if (!call.body) return [];
    const payload = (call.path.endsWith('/callback') ? call.body.data : call.body) as
      | Record<string, unknown>
      | undefined;
    if (!payload || typeof payload !== 'object') return [];
    const sends = 'content' in payload || 'embeds' in payload;
    return sends ? [{ call, payload }] : [];
  });
}

/** Asserts no TCP sockets remain open in this process. */
export function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/**
 * Closes a harness and fails the test on what a clean run never leaves: client errors, logged
 * errors, open sockets.
 */
export async function closeAndCheck(h: Harness | undefined): Promise<void> {
  if (!h) return;
  const { clientErrors, logger } = h;
  await h.close();
  expect(clientErrors).toEqual([]);
  expect(logger.errors).toEqual([]);
  expect(openTcpSockets()).toBe(0);
}
