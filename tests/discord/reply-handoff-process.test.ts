/**
 * Reply hand-off between REAL `bin/briefing-bot discord` processes against the fake Discord in this
 * process: shard 0 receives a /brief, defers it and is SIGKILLed while the fake holds its edit
 * (then dropped: Discord never got it); shard 1, on the same data (one SQLite data dir, or one
 * PostgreSQL schema), finds the reply's lease lapsed, re-runs the command and edits the original
 * response through the interaction's webhook: the answer the first process was about to send.
 * The bots tick every 200 ms with a 1.5 s reply grace. Every wait is a bounded poll.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import type { Backend } from '../../src/store/backend.ts';
import { openPostgresBackend } from '../../src/store/postgres/pg-backend.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { FakeDiscord, type FakeGuild, type RecordedCall } from '../fakes/discord/fake-discord.ts';
import { fakeSnowflake, fakeSnowflakeOnShards } from '../fakes/discord/fake-objects.ts';
import { BOT_TOKEN, BotProcesses } from '../helpers/bot-process.ts';
import { createTestSchema, skipPgTests } from '../helpers/pg-schema.ts';
import { DEMO_ARTICLE, tempDataDir } from '../helpers/run-cli.ts';

/** Child processes start slowly on a loaded machine; the waits inside are bounded on their own. */
const TEST_TIMEOUT_MS = 180_000;
const START_MS = 90_000;
const BOT_ENV = { BRIEFING_TICK_MS: '200', BRIEFING_REPLY_GRACE_MS: '1500' };
const NO_MENTIONS_API = { parse: [], replied_user: false };

const skipPg = await skipPgTests();

/** Where both processes keep their data, opened by the test too (to store the article and read the rows). */
interface Storage {
  env: NodeJS.ProcessEnv;
  backend: Backend;
  close(): Promise<void>;
}

async function sqliteStorage(dir: string): Promise<Storage> {
  const backend = SqliteArticleStore.open({ path: join(dir, 'briefing.db'), clock: systemClock }).backend();
  return { env: {}, backend, close: () => backend.close() };
}

async function postgresStorage(): Promise<Storage> {
  const schema = await createTestSchema('reply_handoff');
  const backend = await openPostgresBackend({ url: schema.url, schema: schema.schema, clock: systemClock });
  return {
    env: { DATABASE_URL: schema.url, BRIEFING_DATABASE_SCHEMA: schema.schema },
    backend,
    close: async () => {
      await backend.close();
      await schema.drop();
    },
  };
}

async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const shardOf = (call: RecordedCall | undefined) => call?.userAgent.match(/briefing-bot-shard\/(\d+)/)?.[1];

describe('reply hand-off between real bot processes', () => {
  for (const engine of ['SQLite', 'PostgreSQL'] as const) {
    const skip = engine === 'PostgreSQL' && skipPg;
    it.skipIf(skip)(
      `${engine}: a process killed after deferring has its reply finished by the other, through @original`,
      { timeout: TEST_TIMEOUT_MS },
      async ({ expect, onTestFinished }) => {
        const guild: FakeGuild = {
          id: fakeSnowflakeOnShards({ 2: 0 }),
          name: 'Newsroom',
          channels: [{ id: fakeSnowflake(), name: 'news', type: 0 }],
        };
        const fake = await new FakeDiscord({ guilds: [guild] }).start();
        const data = tempDataDir();
        const bots = new BotProcesses();
        let storage: Storage | undefined;
        onTestFinished(async () => {
          await bots.killAll();
          await storage?.close();
          await fake.close();
          data.cleanup();
        });
        storage = engine === 'SQLite' ? await sqliteStorage(data.dir) : await postgresStorage();
        const services = storeServices(storage.backend, {
          engine: new OfflineEngine(),
          clock: systemClock,
          logger: silentLogger,
        });
        const added = await ingestArticle(services, guild.id, {
          title: 'Putin tightens his embrace of Lukashenko',
          text: readFileSync(DEMO_ARTICLE, 'utf8'),
        });
        expect(added.ok).toBe(true);

        const env = { ...BOT_ENV, ...storage.env };
        const receiver = bots.start(fake, data.dir, env, ['--shard', '0', '--shards', '2']);
        const other = bots.start(fake, data.dir, env, ['--shard', '1', '--shards', '2']);
        await Promise.all([receiver.connected(START_MS), other.connected(START_MS)]);

        const brief = fake.slashCommand({ name: 'brief', options: { topic: 'Belarus' } });
        expect(fake.receivedBy(brief.id)).toEqual([0]);
        const token = fake.tokenOf(brief.id)!;
        const held = fake.holdNextEdit(brief.id);
        const firstEdit = await held.arrived(60_000);
        expect(shardOf(firstEdit)).toBe('0');
        // Recorded before the command ran, held by the receiver.
        const [row] = await storage.backend.pendingReplies.list(guild.id);
        expect(row).toMatchObject({ interactionId: brief.id, attempt: 1, command: { name: 'brief' } });

        expect(await receiver.stop('SIGKILL')).toBe('SIGKILL');
        await held.release('drop');

        // The other process edits @original once the lease lapses: what the receiver was about to send.
        const edit = await until(
          () =>
            fake.calls.find(
              (c) =>
                c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`) && c.status === 200,
            ),
          'the other process editing @original',
        );
        expect(shardOf(edit)).toBe('1');
        expect(edit.body?.allowed_mentions).toEqual(NO_MENTIONS_API);
        expect(edit.body?.content).toEqual(firstEdit.body?.content);
        expect(edit.body?.embeds).toEqual(firstEdit.body?.embeds);
        expect(edit.body?.components).toEqual(firstEdit.body?.components);
        const original = fake.original(brief.id)!;
        expect(JSON.stringify(original.embeds)).toMatch(/Briefing: Belarus/);
        // The briefing's thread hangs from the original, started by the process that finished it.
        const thread = await until(
          () =>
            fake.calls.find(
              (c) => c.path === `/channels/${guild.channels[0]!.id}/messages/${original.id}/threads`,
            ),
          'the thread of the finished briefing',
        );
        expect(shardOf(thread)).toBe('1');
        await until(
          async () =>
            (await storage!.backend.pendingReplies.list(guild.id)).length === 0 ? true : undefined,
          'the pending reply forgotten',
        );
        // Logged just after the row goes: the line may reach the pipe a moment after the test sees that.
        await until(
          () => (/pending reply finished by this process/.test(other.stderr()) ? true : undefined),
          'the other process logging the reply it finished',
        );
        // No process wrote the interaction's token, or the bot's, anywhere in its output.
        for (const bot of [receiver, other]) {
          expect(bot.stderr()).not.toContain(token);
          expect(bot.stderr()).not.toContain(BOT_TOKEN);
        }
      },
    );
  }
});
