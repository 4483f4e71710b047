/**
 * Fetcher micro-bench: pages/s from a local node:http server through the GuardedFetcher (address
 * checks on every connection, manual redirects, decoded-size cap, charset decoding) against plain
 * undici `fetch` on an ordinary Agent, in alternating rounds of the same run; plus Readability
 * extraction of the same page.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Agent, fetch as undiciFetch } from 'undici';
import { parseAllowList } from '../src/fetch/address-policy.ts';
import { GuardedFetcher } from '../src/fetch/guarded-fetcher.ts';
import { webPageToArticle } from '../src/ingest/web-page.ts';

function page(): string {
  const para =
    'The council met on Tuesday evening to discuss the harbour bridge, the ferry timetable and the budget for the coming year, and several residents spoke.';
  const body = Array.from({ length: 60 }, (_, i) => `<p>${i}. ${para}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench page</title>
<meta property="og:site_name" content="Bench Post"><meta name="author" content="A. Writer">
<meta property="article:published_time" content="2026-03-03T10:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Bench page</h1>${body}</article></body></html>`;
}

export async function runFetchBench(pages = 400, concurrency = 8) {
  const html = page();
  const gz = gzipSync(html);
  const server = createServer((req, res) => {
    const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? gz : html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/article`;
  const guarded = new GuardedFetcher({ allow: parseAllowList(`127.0.0.1:${port}`) });
  const plainAgent = new Agent({ connections: 16 });
  const viaGuard = async () => {
    const r = await guarded.fetch({ url, purpose: 'page' });
    if (!r.ok) throw new Error(r.message);
    return r.resource.text.length;
  };
  const viaPlain = async () => {
    const r = await undiciFetch(url, { dispatcher: plainAgent });
    return (await r.text()).length;
  };
  const round = async (fn: () => Promise<number>) => {
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < pages) await fn();
      }),
    );
    return pages / ((performance.now() - t) / 1000);
  };
  try {
    await round(viaGuard);
    await round(viaPlain);
    const g: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < 3; i++) {
      g.push(await round(viaGuard));
      p.push(await round(viaPlain));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const t = performance.now();
    const n = 100;
    for (let i = 0; i < n; i++) {
      const a = webPageToArticle(html, url);
      if (!a.ok) throw new Error(a.message);
    }
    const extractMs = (performance.now() - t) / n;
    return {
      pages,
      concurrency,
      pageBytes: html.length,
      gzipBytes: gz.length,
      guardedPagesPerSec: Math.round(median(g)),
      plainUndiciPagesPerSec: Math.round(median(p)),
      guardOverheadPct: Math.round((median(p) / median(g) - 1) * 100),
      extractMsPerPage: Number(extractMs.toFixed(2)),
    };
  } finally {
    await guarded.close();
    await plainAgent.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
