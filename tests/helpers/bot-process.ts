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
  /**
   * Resolves once it said `count` times that it is connected (commands registered, scheduler
   * ticking); a `--shards N` launcher's children each say it once.
   */
  connected(timeoutMs?: number, count?: number): Promise<void>;
  /** The process id (a launcher's own, not its children's). */
  pid: number | undefined;
  /** Sends the signal and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/** Starts bots and ends them all in `killAll` (an afterEach), so no test leaves one running. */
export class BotProcesses {
  private readonly running = new Set<ChildProcessWithoutNullStreams>();

  /** `bin/briefing-bot discord --data-dir DIR ...args` with the fake's settings and `env` on top. */
  start(fake: FakeDiscord, dataDir: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): BotProcess {
    const child = spawn(process.execPath, [BIN, 'discord', '--data-dir', dataDir, ...args], {
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
    const connections = () => stderr.match(/connected to Discord/g)?.length ?? 0;
    return {
      stderr: () => stderr,
      exited,
      pid: child.pid,
      connected: (timeoutMs = 60_000, count = 1) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            child.stderr.off('data', check);
            reject(new Error(`bot did not connect within ${timeoutMs} ms; stderr:\n${stderr}`));
          }, timeoutMs);
          const check = () => {
            if (connections() < count) return;
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
