import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { FakeDiscord } from '../fakes/discord/fake-discord.ts';
import { BIN, REPO_ROOT } from './run-cli.ts';

/** A token-shaped string: the fake accepts any, and tests check it never shows up in output. */
export const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789';

/** A real `bin/briefing-bot discord` child process logged in to the fake Discord. */
export interface BotProcess {
  /** Everything it wrote to standard error so far (its log and status lines). */
  stderr(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Resolves once it says it is connected (commands registered, scheduler ticking). */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends the signal and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/** Starts bots and ends them all in `killAll` (an afterEach), so no test leaves one running. */
export class BotProcesses {
  private readonly running = new Set<ChildProcessWithoutNullStreams>();

  start(fake: FakeDiscord, dataDir: string, env: NodeJS.ProcessEnv = {}): BotProcess {
    const child = spawn(process.execPath, [BIN, 'discord', '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        // Only the offline engine and only this data dir: nothing from the caller's environment.
        BRIEFING_DATA_DIR: '',
        BRIEFING_LLM: 'offline',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        REDIS_URL: '',
        BRIEFING_LOG_LEVEL: 'info',
        DISCORD_TOKEN: BOT_TOKEN,
        DISCORD_API_BASE: fake.apiBase,
        DISCORD_GUILD_ID: fake.guilds[0]!.id,
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    this.running.add(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.stdout.resume();
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
      child.on('close', (code, signal) => {
        this.running.delete(child);
        resolve(code ?? signal);
      }),
    );
    return {
      stderr: () => stderr,
      exited,
      connected: (timeoutMs = 60_000) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            child.stderr.off('data', check);
            reject(new Error(`bot did not connect within ${timeoutMs} ms; stderr:\n${stderr}`));
          }, timeoutMs);
          const check = () => {
            if (!/connected to Discord/.test(stderr)) return;
            clearTimeout(timer);
            child.stderr.off('data', check);
            resolve();
          };
          child.stderr.on('data', check);
          check();
          void exited.then(() => {
            clearTimeout(timer);
            reject(new Error(`bot exited before connecting; stderr:\n${stderr}`));
          });
        }),
      stop: (signal) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
    };
  }

  /** SIGKILLs every bot still running and waits for each to end. */
  async killAll(): Promise<void> {
    const ending = [...this.running].map(
      (child) => new Promise<void>((resolve) => child.once('close', () => resolve())),
    );
    for (const child of this.running) child.kill('SIGKILL');
    await Promise.all(ending);
  }
}
