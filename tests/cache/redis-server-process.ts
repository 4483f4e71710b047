import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { redisAnswers } from './redis-probe.ts';

/** Whether a redis-server binary is on PATH (to start a private, killable Redis). */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server this test owns, so it can be stopped without touching the shared one. */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  /** Starts it and waits until it answers PING. */
  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers('127.0.0.1', this.port, 100)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`private redis-server on ${this.port} did not answer`);
  }

  /** Kills it (this process only) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
