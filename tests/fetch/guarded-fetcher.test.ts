import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchOutcome } from '../../src/core/fetcher.ts';
import { parseAllowList } from '../../src/fetch/address-policy.ts';
import { GuardedFetcher, type GuardedFetcherOptions } from '../../src/fetch/guarded-fetcher.ts';
import type { Resolver } from '../../src/fetch/resolver.ts';
import { LocalServer } from '../helpers/local-server.ts';

const PAGE = '<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>';
const html = { 'content-type': 'text/html; charset=utf-8' };

function failure(outcome: FetchOutcome) {
  if (outcome.ok) throw new Error(`expected a refusal, got ${outcome.resource.status}`);
  return outcome;
}
function success(outcome: FetchOutcome) {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome.resource;
}

/** A DNS that answers from a script, one answer per call (the last one repeats), and counts calls. */
function scriptedResolver(...answers: string[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
    return answer.map((address) => ({
      address,
      family: address.includes(':') ? (6 as const) : (4 as const),
    }));
  };
  return Object.assign(resolver, { calls });
}

describe('GuardedFetcher', () => {
  let server: LocalServer;
  let other: LocalServer;
  let fetcher: GuardedFetcher;
  const fetchers: GuardedFetcher[] = [];
  const make = (options: GuardedFetcherOptions) => {
    const f = new GuardedFetcher(options);
    fetchers.push(f);
    return f;
  };

  beforeAll(async () => {
    server = await LocalServer.start();
    other = await LocalServer.start();
    other.serve('/secret', 'internal', { 'content-type': 'text/html' });
    fetcher = make({ allow: parseAllowList(server.endpoint) });
    server.serve('/page', PAGE, html);
  });
  afterAll(async () => {
    await Promise.all(fetchers.map((f) => f.close()));
    await server.close();
    await other.close();
  });

  it('fetches an allowed local page, naming the bot in the User-Agent', async () => {
    const resource = success(await fetcher.fetch({ url: server.url('/page'), purpose: 'page' }));
    expect(resource.status).toBe(200);
    expect(resource.text).toBe(PAGE);
    expect(resource.contentType).toBe('text/html; charset=utf-8');
    expect(server.requests.at(-1)?.headers['user-agent']).toMatch(/briefing-bot/);
  });

  it('refuses 127.0.0.1 when it is not allowed, on a non-standard port and on an allowed one', async () => {
    const before = other.requests.length;
    const plain = make({});
    expect(failure(await plain.fetch({ url: other.url('/secret'), purpose: 'page' })).code).toBe('BAD_PORT');
    const portsOpen = make({ ports: [other.port] });
    const refused = failure(await portsOpen.fetch({ url: other.url('/secret'), purpose: 'page' }));
    expect(refused.code).toBe('BLOCKED_ADDRESS');
    expect(refused.message).toMatch(/private or reserved network address/);
    expect(other.requests.length).toBe(before);
  });

  it.each([
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0x7f.1/',
    'http://0.0.0.0/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
  ])('refuses the literal address %s before connecting', async (url) => {
    const resolver = scriptedResolver(['93.184.215.14']);
    const f = make({ resolver });
    expect(failure(await f.fetch({ url, purpose: 'page' })).code).toBe('BLOCKED_ADDRESS');
    expect(resolver.calls).toEqual([]);
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/'])(
    'refuses the cloud metadata address %s with its own reason',
    async (url) => {
      const refused = failure(await make({}).fetch({ url, purpose: 'page' }));
      expect(refused.code).toBe('BLOCKED_ADDRESS');
      expect(refused.message).toMatch(/cloud metadata/);
    },
  );

  it('refuses a host name whose DNS answer is private, or mixes public and private', async () => {
    for (const answer of [['10.0.0.5'], ['93.184.215.14', '127.0.0.1'], ['::ffff:127.0.0.1']]) {
      const f = make({ ports: [other.port], resolver: scriptedResolver(answer) });
      const url = `http://intranet.example:${other.port}/secret`;
      expect(failure(await f.fetch({ url, purpose: 'page' })).code).toBe('BLOCKED_ADDRESS');
    }
  });

  it('refuses a host that resolved to a public address once and to 127.0.0.1 when fetched (rebinding)', async () => {
    const resolver = scriptedResolver(['93.184.215.14'], ['127.0.0.1']);
    // An earlier check (as a naive guard would do) sees the public answer...
    expect((await resolver('rebind.example'))[0]?.address).toBe('93.184.215.14');
    const f = make({ ports: [other.port], resolver });
    const before = other.requests.length;
    // ...but the fetcher judges the answer its socket connects with, which is now loopback.
    const refused = failure(
      await f.fetch({ url: `http://rebind.example:${other.port}/secret`, purpose: 'page' }),
    );
    expect(refused.code).toBe('BLOCKED_ADDRESS');
    expect(resolver.calls).toEqual(['rebind.example', 'rebind.example']);
    expect(other.requests.length).toBe(before);
  });

  it('checks every redirect: to private addresses, to metadata even from an allowed host, and by port', async () => {
    server.on('/to-private', (_q, r) => r.writeHead(302, { location: 'http://10.0.0.1/admin' }).end());
    server.on('/to-metadata', (_q, r) =>
      r.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    server.on('/to-other', (_q, r) => r.writeHead(307, { location: other.url('/secret') }).end());
    expect(failure(await fetcher.fetch({ url: server.url('/to-private'), purpose: 'page' })).code).toBe(
      'BLOCKED_ADDRESS',
    );
    const metadata = failure(await fetcher.fetch({ url: server.url('/to-metadata'), purpose: 'page' }));
    expect(metadata.message).toMatch(/cloud metadata/);
    const allowBoth = make({
      allow: parseAllowList(`${server.endpoint},127.0.0.1:${other.port}`),
    });
    success(await allowBoth.fetch({ url: server.url('/to-other'), purpose: 'page' }));
    const before = other.requests.length;
    expect(failure(await fetcher.fetch({ url: server.url('/to-other'), purpose: 'page' })).code).toBe(
      'BAD_PORT',
    );
    const onlyFirst = await allowBoth.fetch({
      url: server.url('/to-other'),
      purpose: 'document',
      allowedHosts: [server.endpoint],
    });
    expect(failure(onlyFirst).code).toBe('BLOCKED_ADDRESS');
    expect(other.requests.length).toBe(before);
  });

  it('follows up to 5 redirects by hand, refuses a sixth and loops', async () => {
    for (let i = 0; i < 6; i++) {
      server.on(`/hop${i}`, (_q, r) => r.writeHead(302, { location: `/hop${i + 1}` }).end());
    }
    server.serve('/hop6', PAGE, html);
    const five = success(await fetcher.fetch({ url: server.url('/hop1'), purpose: 'page' }));
    expect(five.url).toBe(server.url('/hop6'));
    const six = failure(await fetcher.fetch({ url: server.url('/hop0'), purpose: 'page' }));
    expect(six.code).toBe('TOO_MANY_REDIRECTS');
    expect(six.message).toMatch(/more than 5 times/);
    server.on('/loop-a', (_q, r) => r.writeHead(302, { location: '/loop-b' }).end());
    server.on('/loop-b', (_q, r) => r.writeHead(302, { location: '/loop-a' }).end());
    const loop = failure(await fetcher.fetch({ url: server.url('/loop-a'), purpose: 'page' }));
    expect(loop.code).toBe('TOO_MANY_REDIRECTS');
    expect(loop.message).toMatch(/loop/);
  });

  it.each([
    [404, 'NOT_FOUND'],
    [410, 'NOT_FOUND'],
    [403, 'FORBIDDEN'],
    [500, 'HTTP_ERROR'],
  ])('turns HTTP %i into %s with the status', async (status, code) => {
    server.serve(`/status${status}`, 'nope', { 'content-type': 'text/html' }, status);
    const refused = failure(await fetcher.fetch({ url: server.url(`/status${status}`), purpose: 'page' }));
    expect(refused).toMatchObject({ code, status });
    expect(refused.message).toContain(String(status));
  });

  it('stops a body that trickles a byte a second at the total deadline', async () => {
    server.on('/slow', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('a'), 1000);
      res.on('close', () => clearInterval(timer));
    });
    const quick = make({ allow: parseAllowList(server.endpoint), totalTimeoutMs: 300 });
    const refused = failure(await quick.fetch({ url: server.url('/slow'), purpose: 'page' }));
    expect(refused.code).toBe('TIMEOUT');
    expect(refused.message).toMatch(/0\.3 s/);
  });

  it('refuses bodies over 5 MB, declared or streamed', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 'a');
    server.serve('/big', big, { 'content-type': 'text/html', 'content-length': String(big.length) });
    server.on('/big-chunked', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 6; i++) res.write(Buffer.alloc(1024 * 1024, 'b'));
      res.end();
    });
    for (const path of ['/big', '/big-chunked']) {
      const refused = failure(await fetcher.fetch({ url: server.url(path), purpose: 'page' }));
      expect(refused.code).toBe('TOO_LARGE');
      expect(refused.message).toMatch(/5 MB/);
    }
  });

  it('stops gzip and brotli bombs once the decoded size passes the limit', async () => {
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    const gz = gzipSync(zeros);
    const br = brotliCompressSync(zeros);
    expect(gz.length).toBeLessThan(200 * 1024);
    server.serve('/gzip-bomb', gz, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    server.serve('/br-bomb', br, { 'content-type': 'text/html', 'content-encoding': 'br' });
    for (const path of ['/gzip-bomb', '/br-bomb']) {
      expect(failure(await fetcher.fetch({ url: server.url(path), purpose: 'page' })).code).toBe('TOO_LARGE');
    }
    server.serve('/gzip-page', gzipSync(PAGE), { ...html, 'content-encoding': 'gzip' });
    expect(success(await fetcher.fetch({ url: server.url('/gzip-page'), purpose: 'page' })).text).toBe(PAGE);
  });

  it('refuses content types that do not fit the purpose, saying what the link is', async () => {
    server.serve('/doc.pdf', '%PDF-1.4', { 'content-type': 'application/pdf' });
    server.serve('/pic.png', 'png', { 'content-type': 'image/png' });
    const pdf = failure(await fetcher.fetch({ url: server.url('/doc.pdf'), purpose: 'page' }));
    expect(pdf.code).toBe('BAD_CONTENT_TYPE');
    expect(pdf.message).toMatch(/PDF document/);
    const png = failure(await fetcher.fetch({ url: server.url('/pic.png'), purpose: 'feed' }));
    expect(png.message).toMatch(/an image \(image\/png\), not a news feed/);
  });

  it('decodes the charset from the headers or the document, surviving wrong declarations', async () => {
    const latin1 = Buffer.from('<p>Café in Minsk</p>', 'latin1');
    server.serve('/claims-utf8', latin1, { 'content-type': 'text/html; charset=utf-8' });
    server.serve('/claims-latin1', Buffer.from('<p>Café in Minsk</p>', 'utf8'), {
      'content-type': 'text/html; charset=iso-8859-1',
    });
    const cyrillic = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1251"></head><body>'),
      Buffer.from([0xcc, 0xe8, 0xed, 0xf1, 0xea]), // "Минск" in windows-1251
      Buffer.from('</body></html>'),
    ]);
    server.serve('/meta-charset', cyrillic, { 'content-type': 'text/html; charset=klingon' });
    server.serve(
      '/feed.xml',
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Caf\xe9</title></rss>', 'latin1'),
      { 'content-type': 'application/rss+xml' },
    );
    const get = async (path: string, purpose: 'page' | 'feed' = 'page') =>
      success(await fetcher.fetch({ url: server.url(path), purpose })).text;
    expect(await get('/claims-utf8')).toBe('<p>Café in Minsk</p>');
    expect(await get('/claims-latin1')).toBe('<p>Café in Minsk</p>');
    expect(await get('/meta-charset')).toContain('Минск');
    expect(await get('/feed.xml', 'feed')).toContain('<title>Café</title>');
  });

  it('sends conditional GET headers only when they have a value, and reports 304', async () => {
    server.on('/feed', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end('<rss/>');
    });
    const first = success(
      await fetcher.fetch({ url: server.url('/feed'), purpose: 'feed', etag: '', lastModified: ' ' }),
    );
    const sent = server.requests.at(-1)!.headers;
    expect(sent['if-none-match']).toBeUndefined();
    expect(sent['if-modified-since']).toBeUndefined();
    expect(first.etag).toBe('"v1"');
    const second = success(
      await fetcher.fetch({ url: server.url('/feed'), purpose: 'feed', etag: first.etag }),
    );
    expect(second).toMatchObject({ status: 304, text: '' });
  });

  it.each([
    ['file:///etc/passwd', /not file/],
    ['ftp://example.com/x', /not ftp/],
    ['not a url', /valid web address/],
    ['http://user:pw@example.com/', /user name or password/],
  ])('refuses %s as a bad URL', async (url, message) => {
    const refused = failure(await make({}).fetch({ url, purpose: 'page' }));
    expect(refused.code).toBe('BAD_URL');
    expect(refused.message).toMatch(message);
  });
});

describe('parseAllowList', () => {
  it('reads host:port pairs, IPv6 in brackets, and refuses bad or metadata entries', () => {
    expect(parseAllowList('127.0.0.1:8080, [::1]:9000,intranet.local:443')).toEqual([
      { host: '127.0.0.1', port: 8080 },
      { host: '::1', port: 9000 },
      { host: 'intranet.local', port: 443 },
    ]);
    expect(() => parseAllowList('127.0.0.1')).toThrow(/not host:port/);
    expect(() => parseAllowList('127.0.0.1:99999')).toThrow(/not host:port/);
    expect(() => parseAllowList('169.254.169.254:80')).toThrow(/metadata/);
  });
});
