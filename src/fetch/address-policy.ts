import ipaddr from 'ipaddr.js';

/** Cloud instance-metadata endpoints (AWS, GCP, Azure, and AWS's IPv6 one): never fetched, even when allowed. */
const METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254'].map((a) => ipaddr.parse(a).toString());

/** One `host:port` pair from BRIEFING_FETCH_ALLOW (host lower-cased, IPv6 without brackets). */
export interface AllowedEndpoint {
  host: string;
  port: number;
}

export type AddressVerdict = 'ok' | 'blocked' | 'metadata';

/**
 * Whether an address may be connected to. Only globally routable unicast passes: ipaddr.js names
 * every special range (loopback, private, link-local, CGNAT, multicast, unique-local, reserved,
 * 6to4, NAT64, Teredo...) and `process` unwraps IPv4-mapped IPv6 first, so `::ffff:127.0.0.1` is
 * judged as 127.0.0.1. An allowed endpoint lifts the range check but never the metadata one.
 */
export function judgeAddress(address: string, allowed: boolean): AddressVerdict {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(stripBrackets(address));
  } catch {
    return 'blocked';
  }
  if (METADATA_ADDRESSES.includes(parsed.toString())) return 'metadata';
  if (allowed) return 'ok';
  return parsed.range() === 'unicast' ? 'ok' : 'blocked';
}

/** True when the host is an IP literal (after URL parsing normalised `2130706433`, `0x7f.1`, `127.1`...). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(stripBrackets(host)) && /^[\d.]+$|:/.test(stripBrackets(host));
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether `host:port` (as the URL parser normalised them) is named in the allow list. */
export function isAllowedEndpoint(allow: readonly AllowedEndpoint[], host: string, port: number): boolean {
  const h = normaliseHost(host);
  return allow.some((e) => e.port === port && e.host === h);
}

/** Lower-cased, without brackets, IP literals in one canonical spelling. */
export function normaliseHost(host: string): string {
  const bare = stripBrackets(host).toLowerCase();
  return ipaddr.isValid(bare) && /^[\d.]+$|:/.test(bare) ? ipaddr.parse(bare).toString() : bare;
}

/**
 * Parses `host:port[,host:port…]` (IPv6 as `[::1]:8080`). Throws a message naming the bad entry;
 * metadata addresses are refused here too, so a typo cannot open them.
 */
export function parseAllowList(value: string | undefined): AllowedEndpoint[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = entry.match(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/);
      const port = m ? Number(m[2]) : Number.NaN;
      if (!m || port < 1 || port > 65535) {
        throw new Error(`"${entry}" is not host:port (e.g. 127.0.0.1:8080)`);
      }
      const host = normaliseHost(m[1]!);
      if (ipaddr.isValid(host) && judgeAddress(host, true) === 'metadata') {
        throw new Error(`"${entry}" is a cloud metadata address and cannot be allowed`);
      }
      return { host, port };
    });
}
