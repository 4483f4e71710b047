import { type ChildProcess, spawn } from 'node:child_process';

/** How long a crashed shard waits before it is started again, doubling per quick crash. */
export interface RestartBackoff {
  /** Wait after the first crash. */
  initialMs: number;
  /** Longest wait. */
  maxMs: number;
  /** A shard that ran this long before crashing starts over at `initialMs`. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 1_000, maxMs: 60_000, stableMs: 60_000 };

/** The wait before restart number `crashes` (1 = the first crash in a row). */
export function restartDelay(crashes: number, backoff: RestartBackoff): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, Math.min(crashes - 1, 30)));
}

export interface ShardLauncherOptions {
  count: number;
  /** Between two shards' starts: Discord allows one IDENTIFY per 5 s (max_concurrency 1). */
  spawnDelayMs: number;
  /** The command line of shard `id`'s process. */
  commandFor(id: number): { file: string; args: string[] };
  env: NodeJS.ProcessEnv;
  /** Status lines for the operator. */
  log(line: string): void;
  backoff?: RestartBackoff | undefined;
  /** After a stop signal, how long children get before they are killed. Default 30 s. */
  stopGraceMs?: number | undefined;
}

/** Exit code of a child refused for its configuration: restarting it would only fail again. */
const EXIT_USAGE = 2;

interface Slot {
  id: number;
  child?: ChildProcess | undefined;
  startedAt: number;
  crashes: number;
  timer?: NodeJS.Timeout | undefined;
}

/**
 * Runs N shard processes of `briefing-bot discord` on this machine: starts them one after another,
 * restarts one that crashed (with backoff), passes SIGINT/SIGTERM on and resolves once all ended.
 * A child refused for its configuration (exit 2) stops the launcher rather than loop. Each child
 * has an IPC channel to the launcher, so it stops by itself if the launcher dies.
 */
export class ShardLauncher {
  private readonly slots: Slot[];
  private stopping = false;
  private worst = 0;
  private resolveDone!: (code: number) => void;
  /** Resolves with the exit code once every shard process ended after a stop. */
  readonly done = new Promise<number>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(private readonly options: ShardLauncherOptions) {
    this.slots = Array.from({ length: options.count }, (_, id) => ({ id, startedAt: 0, crashes: 0 }));
  }

  /** Starts shard 0 now and each next one `spawnDelayMs` later. */
  start(): void {
    this.slots.forEach((slot, i) => {
      if (i === 0) this.spawn(slot);
      else slot.timer = setTimeout(() => this.spawn(slot), i * this.options.spawnDelayMs);
    });
  }

  /** Passes `signal` to every shard, cancels pending starts; `done` resolves when all ended. */
  stop(signal: NodeJS.Signals): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.child?.kill(signal);
    }
    const grace = setTimeout(() => {
      for (const slot of this.slots) {
        if (!slot.child) continue;
        this.options.log(`shard ${slot.id} did not stop in time; killing it`);
        slot.child.kill('SIGKILL');
      }
    }, this.options.stopGraceMs ?? 30_000);
    grace.unref();
    this.finishIfIdle();
  }

  /** Process ids of the running shards, by shard id (undefined while one is down). */
  pids(): (number | undefined)[] {
    return this.slots.map((slot) => slot.child?.pid);
  }

  private spawn(slot: Slot): void {
    slot.timer = undefined;
    if (this.stopping) return;
    const { file, args } = this.options.commandFor(slot.id);
    const child = spawn(file, args, {
      env: this.options.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    slot.child = child;
    slot.startedAt = performance.now();
    this.options.log(`shard ${slot.id}/${this.options.count} started (pid ${child.pid})`);
    child.once('error', (error) => this.options.log(`shard ${slot.id} could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.onExit(slot, child, code, signal));
  }

  private onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping) {
      if (code !== 0) this.worst = Math.max(this.worst, 1);
      this.options.log(`shard ${slot.id} stopped (${how})`);
      this.finishIfIdle();
      return;
    }
    if (code === EXIT_USAGE) {
      this.options.log(`shard ${slot.id} refused its configuration (${how}); stopping every shard`);
      this.worst = EXIT_USAGE;
      this.stop('SIGTERM');
      return;
    }
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    const ranMs = performance.now() - slot.startedAt;
    slot.crashes = ranMs >= backoff.stableMs ? 1 : slot.crashes + 1;
    const wait = restartDelay(slot.crashes, backoff);
    this.options.log(`shard ${slot.id} exited (${how}); restarting it in ${Math.round(wait)} ms`);
    slot.timer = setTimeout(() => this.spawn(slot), wait);
  }

  private finishIfIdle(): void {
    if (this.slots.every((slot) => !slot.child)) this.resolveDone(this.worst);
  }
}
