import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.ts';
import { BIN, REPO_ROOT, runCli, tempDataDir } from '../helpers/run-cli.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789';

describe('bin/briefing-bot discord and register-commands', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('explains what to do when DISCORD_TOKEN is missing', async () => {
    for (const args of [['discord'], ['register-commands']]) {
      const result = await runCli(args, { env: { DISCORD_TOKEN: '' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/DISCORD_TOKEN is not set/);
    }
  });

  it('refuses bad --shard/--shards values naming the option, before connecting anywhere', async () => {
    const data = tempDataDir();
    try {
      // Every refusal is in tests/unit/shard-options.test.ts; these show the command line says them.
      const cases: [string[], RegExp][] = [
        [['discord', '--shards', 'two'], /--shards must be a whole number from 1 to 4096 \(got "two"\)/],
        [['discord', '--shard', '2', '--shards', '2'], /--shard must be a whole number from 0 to 1/],
        [['shell', '--shards', '2'], /--shard and --shards are options of "discord" only/],
      ];
      for (const [args, message] of cases) {
        const result = await runCli([...args, '--data-dir', data.dir], {
          // Nothing listens there: a refusal that tried to connect would show as a different error.
          env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: 'http://127.0.0.1:9/api' },
        });
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toContain(TOKEN);
      }
    } finally {
      data.cleanup();
    }
  }, 120_000);

  it('registers commands to a guild through DISCORD_API_BASE, never printing the token', async () => {
    fake = await new FakeDiscord().start();
    const guild = fake.guilds[0]!.id;
    const result = await runCli(['register-commands', '--guild', guild], {
      env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^Registered \\d+ commands \\(guild ${guild}\\)`));
    expect(fake.registered.get(guild)?.length).toBeGreaterThan(4);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('runs the bot until SIGTERM, then exits cleanly', async () => {
    fake = await new FakeDiscord().start();
    const { dir, cleanup } = tempDataDir();
    const child = spawn(process.execPath, [BIN, 'discord', '--data-dir', dir], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_BASE: fake.apiBase,
        DISCORD_GUILD_ID: fake.guilds[0]!.id,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await fake.waitFor((c) => c.method === 'PUT' && c.path.endsWith('/commands'), 15_000);
    await expect.poll(() => stderr, { timeout: 10_000 }).toMatch(/connected to Discord/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/shutting down/);
    expect(stderr).not.toContain(TOKEN);
    cleanup();
  });
});
