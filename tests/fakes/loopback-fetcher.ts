import type { Fetcher, FetchFailureCode, FetchOutcome, FetchRequest } from '../../src/core/fetcher.ts';

/**
 * A test Fetcher over global fetch that only talks to 127.0.0.1: a timeout, a size cap read from
 * the stream, conditional headers only when non-empty, status codes mapped to the port's codes.
 * The composition root uses the guarded fetcher instead; this one stands in for it in tests.
 */
export class LoopbackFetcher implements Fetcher {
  /** Every request as sent, for assertions on conditional headers. */
  readonly requests: { url: string; purpose: string; headers: Record<string, string> }[] = [];

  constructor(private readonly limits: { timeoutMs?: number; maxBytes?: number } = {}) {}

  async fetch(request: FetchRequest): Promise<FetchOutcome> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse('BAD_URL', 'That is not a web address.');
    }
    if (url.hostname !== '127.0.0.1') return refuse('BLOCKED_ADDRESS', 'Tests only fetch from 127.0.0.1.');
    const headers: Record<string, string> = { 'user-agent': 'briefing-bot-tests' };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    this.requests.push({ url: request.url, purpose: request.purpose, headers });
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.limits.timeoutMs ?? 5000) });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return refuse(
        timedOut ? 'TIMEOUT' : 'NETWORK',
        timedOut ? 'The site took too long.' : 'The site is unreachable.',
      );
    }
    const meta = {
      url: response.url || request.url,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
    if (response.status === 304) {
      return { ok: true, resource: { ...meta, text: '', bytes: new Uint8Array() } };
    }
    if (response.status >= 400) {
      await response.body?.cancel();
      const code: FetchFailureCode =
        response.status === 404 || response.status === 410
          ? 'NOT_FOUND'
          : response.status === 401 || response.status === 403
            ? 'FORBIDDEN'
            : 'HTTP_ERROR';
      return { ok: false, code, message: `The site answered ${response.status}.`, status: response.status };
    }
    const bytes = await readCapped(response, this.limits.maxBytes ?? 5 * 1024 * 1024);
    if (!bytes) return refuse('TOO_LARGE', 'The page is larger than the size limit.');
    return { ok: true, resource: { ...meta, text: new TextDecoder().decode(bytes), bytes } };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function refuse(code: FetchFailureCode, message: string): FetchOutcome {
  return { ok: false, code, message };
}
