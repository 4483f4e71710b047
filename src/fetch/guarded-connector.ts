import type { LookupAddress } from 'node:dns';
import { buildConnector } from 'undici';
import { type AllowedEndpoint, isAllowedEndpoint, judgeAddress, stripBrackets } from './address-policy.ts';
import type { Resolver } from './resolver.ts';

/** Why a connection was refused; carried as the `cause` of undici's "fetch failed". */
export class BlockedConnectionError extends Error {
  constructor(
    readonly reason: 'blocked' | 'metadata' | 'unresolvable',
    readonly host: string,
  ) {
    super(`connection to ${host} refused (${reason})`);
    this.name = 'BlockedConnectionError';
  }
}

type NodeLookup = (
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * An undici connector that checks the address each socket really uses. Host names are resolved by
 * the injected resolver inside the socket's own `lookup`, and every answer must be public (a mixed
 * answer is refused whole), so the address checked is the address connected: there is no second
 * resolution for a rebinding DNS server to answer differently. Literal IPs skip `lookup` in Node,
 * so the connected socket's `remoteAddress` is checked again before the request is written.
 */
export function guardedConnector(options: {
  resolver: Resolver;
  allow: readonly AllowedEndpoint[];
  connectTimeoutMs: number;
}): buildConnector.connector {
  const { resolver, allow } = options;
  const makeConnector = (allowed: boolean): buildConnector.connector => {
    const lookup: NodeLookup = (hostname, lookupOptions, callback) => {
      resolver(hostname).then(
        (answers) => {
          for (const a of answers) {
            const verdict = judgeAddress(a.address, allowed);
            if (verdict !== 'ok') return callback(new BlockedConnectionError(verdict, hostname), []);
          }
          const wanted = Number(lookupOptions.family) || 0;
          const usable = wanted ? answers.filter((a) => a.family === wanted) : answers;
          const first = usable[0];
          if (!first) return callback(new BlockedConnectionError('unresolvable', hostname), []);
          if (lookupOptions.all) return callback(null, usable);
          callback(null, first.address, first.family);
        },
        () => callback(new BlockedConnectionError('unresolvable', hostname), []),
      );
    };
    return buildConnector({ timeout: options.connectTimeoutMs, lookup } as buildConnector.BuildOptions);
  };
  // One connector for allow-listed endpoints and one for everything else (each keeps its TLS sessions).
  const open = makeConnector(false);
  const allowListed = makeConnector(true);
  return (connectOptions, callback) => {
    const host = stripBrackets(connectOptions.hostname);
    const port = Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80);
    const allowed = isAllowedEndpoint(allow, host, port);
    (allowed ? allowListed : open)(connectOptions, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connect failed'), null);
      const verdict = judgeAddress(socket.remoteAddress ?? '', allowed);
      if (verdict !== 'ok') {
        socket.destroy();
        return callback(new BlockedConnectionError(verdict, host), null);
      }
      callback(null, socket);
    });
  };
}
