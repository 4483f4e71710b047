import net from 'node:net';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const REDIS_SKIP_REASON = 'Redis not reachable on 127.0.0.1:6379; set CI=1 to require it';

/** True when something answers PING with PONG on host:port within the budget. */
export function redisAnswers(host = '127.0.0.1', port = 6379, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Whether Redis tests should be skipped. In CI (which guarantees Redis) they are never skipped, so
 * an absent Redis fails them; elsewhere they are skipped with the reason printed.
 */
export async function skipRedisTests(): Promise<boolean> {
  if (await redisAnswers()) return false;
  if (process.env.CI) return false;
  console.warn(`[skip] ${REDIS_SKIP_REASON}`);
  return true;
}
