import { Agent, fetch as undiciFetch } from 'undici';
import type { Fetcher, FetchFailureCode, FetchOutcome, FetchRequest } from '../core/fetcher.ts';
import {
  type AllowedEndpoint,
  isAllowedEndpoint,
  isIpLiteral,
  judgeAddress,
  stripBrackets,
} from './address-policy.ts';
import { decodeBody } from './charset.ts';
import { ACCEPT_HEADER, bodyKind, isAccepted, mediaType, PURPOSE_WORDS } from './content-types.ts';
import { fetchMessages as m } from './fetch-messages.ts';
import { BlockedConnectionError, guardedConnector } from './guarded-connector.ts';
import { type Resolver, systemResolver } from './resolver.ts';

export const DEFAULT_USER_AGENT = 'briefing-bot/0.1 (news briefing bot; fetches links its users share)';

export interface GuardedFetcherOptions {
  /** `host:port` pairs that may be private (BRIEFING_FETCH_ALLOW); metadata addresses stay refused. */
  allow?: readonly AllowedEndpoint[] | undefined;
  /** Ports allowed besides 80 and 443. */
  ports?: readonly number[] | undefined;
  /** DNS, injectable so tests can script answers. */
  resolver?: Resolver | undefined;
  /** Decoded body limit; default 5 MB. */
  maxBytes?: number | undefined;
  /** One budget for every redirect and the whole body; default 15 s. */
  totalTimeoutMs?: number | undefined;
  /** Default 5. */
  maxRedirects?: number | undefined;
  userAgent?: string | undefined;
}

type Refusal = Extract<FetchOutcome, { ok: false }>;
const refuse = (code: FetchFailureCode, message: string, status?: number): Refusal =>
  status === undefined ? { ok: false, code, message } : { ok: false, code, message, status };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The web, guarded: http(s) on standard ports only, no private or reserved address (checked on the
 * socket itself, see guarded-connector.ts), redirects followed by hand and checked hop by hop,
 * a decoded-size cap and one deadline for everything. Never throws for anything the network does.
 */
export class GuardedFetcher implements Fetcher {
  private readonly agent: Agent;
  private readonly allow: readonly AllowedEndpoint[];
  private readonly ports: ReadonlySet<number>;
  private readonly maxBytes: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;

  constructor(options: GuardedFetcherOptions = {}) {
    this.allow = options.allow ?? [];
    this.ports = new Set([80, 443, ...(options.ports ?? [])]);
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 15_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.agent = new Agent({
      connect: guardedConnector({
        resolver: options.resolver ?? systemResolver,
        allow: this.allow,
        connectTimeoutMs: this.totalTimeoutMs,
      }),
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
      connections: 16,
    });
  }

  async fetch(request: FetchRequest): Promise<FetchOutcome> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.totalTimeoutMs);
    try {
      return await this.follow(request, deadline.signal);
    } catch (error) {
      return this.failure(error, deadline.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private async follow(request: FetchRequest, signal: AbortSignal): Promise<FetchOutcome> {
    let url = request.url;
    const seen = new Set<string>();
    for (let hop = 0; ; hop++) {
      const target = this.checkUrl(url, request.allowedHosts);
      if (!target.ok) return target.refusal;
      if (seen.has(target.url.href)) return refuse('TOO_MANY_REDIRECTS', m.redirectLoop);
      seen.add(target.url.href);
      const response = await undiciFetch(target.url, {
        dispatcher: this.agent,
        redirect: 'manual',
        signal,
        headers: this.headers(request, hop === 0),
      });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location) return refuse('HTTP_ERROR', m.redirectWithoutLocation, response.status);
        if (hop >= this.maxRedirects)
          return refuse('TOO_MANY_REDIRECTS', m.tooManyRedirects(this.maxRedirects));
        url = new URL(location, target.url).href;
        continue;
      }
      return await this.read(response, target.url.href, request);
    }
  }

  /** Scheme, credentials, port, and literal addresses (which never reach a DNS lookup). */
  private checkUrl(
    raw: string,
    allowedHosts: readonly string[] | undefined,
  ): { ok: true; url: URL } | { ok: false; refusal: Refusal } {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, refusal: refuse('BAD_URL', m.badUrl) };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, refusal: refuse('BAD_URL', m.badScheme(url.protocol.replace(/:$/, ''))) };
    }
    if (url.username || url.password) return { ok: false, refusal: refuse('BAD_URL', m.credentials) };
    if (allowedHosts && !allowedHosts.includes(url.host)) {
      return { ok: false, refusal: refuse('BLOCKED_ADDRESS', m.hostNotAllowed(url.hostname)) };
    }
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = stripBrackets(url.hostname);
    const allowed = isAllowedEndpoint(this.allow, host, port);
    if (!allowed && !this.ports.has(port)) {
      return { ok: false, refusal: refuse('BAD_PORT', m.badPort(String(port))) };
    }
    if (isIpLiteral(host)) {
      const verdict = judgeAddress(host, allowed);
      if (verdict === 'metadata') return { ok: false, refusal: refuse('BLOCKED_ADDRESS', m.metadataAddress) };
      if (verdict === 'blocked') return { ok: false, refusal: refuse('BLOCKED_ADDRESS', m.blockedAddress) };
    }
    return { ok: true, url };
  }

  private headers(request: FetchRequest, first: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: ACCEPT_HEADER[request.purpose],
    };
    // Validators belong to the URL asked for; blank ones would make servers answer 304 to nothing.
    if (first && request.etag?.trim()) headers['if-none-match'] = request.etag.trim();
    if (first && request.lastModified?.trim()) headers['if-modified-since'] = request.lastModified.trim();
    return headers;
  }

  private async read(
    response: Awaited<ReturnType<typeof undiciFetch>>,
    url: string,
    request: FetchRequest,
  ): Promise<FetchOutcome> {
    const { status } = response;
    const contentType = response.headers.get('content-type') ?? '';
    const validators = {
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
    if (status === 304) {
      await response.body?.cancel().catch(() => {});
      return {
        ok: true,
        resource: { url, status, contentType, text: '', bytes: new Uint8Array(), ...validators },
      };
    }
    if (status < 200 || status > 299) {
      await response.body?.cancel().catch(() => {});
      if (status === 404 || status === 410) return refuse('NOT_FOUND', m.notFound(status), status);
      if (status === 401 || status === 403) return refuse('FORBIDDEN', m.forbidden(status), status);
      return refuse('HTTP_ERROR', m.httpError(status), status);
    }
    const type = mediaType(contentType);
    if (!isAccepted(request.purpose, type)) {
      await response.body?.cancel().catch(() => {});
      return refuse('BAD_CONTENT_TYPE', m.badContentType(PURPOSE_WORDS[request.purpose], type), status);
    }
    // The declared length is of the encoded body; over the limit, the decoded one is too.
    const declared = Number(response.headers.get('content-length'));
    if (response.headers.get('content-encoding') === null && declared > this.maxBytes) {
      await response.body?.cancel().catch(() => {});
      return refuse('TOO_LARGE', m.tooLarge(this.maxBytes / (1024 * 1024)), status);
    }
    const body = await this.readLimited(response);
    if (!body) return refuse('TOO_LARGE', m.tooLarge(this.maxBytes / (1024 * 1024)), status);
    const text = decodeBody(body, contentType, bodyKind(type));
    return { ok: true, resource: { url, status, contentType, text, bytes: body, ...validators } };
  }

  /** Reads the decoded body, stopping as soon as it passes the limit (so a gzip bomb inflates no further). */
  private async readLimited(
    response: Awaited<ReturnType<typeof undiciFetch>>,
  ): Promise<Uint8Array | undefined> {
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.maxBytes) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }

  /** Maps whatever the network threw to a refusal. */
  private failure(error: unknown, signal: AbortSignal): Refusal {
    if (signal.aborted) return refuse('TIMEOUT', m.timeout(Math.round(this.totalTimeoutMs / 100) / 10));
    const blocked = findCause(error, BlockedConnectionError);
    if (blocked?.reason === 'metadata') return refuse('BLOCKED_ADDRESS', m.metadataAddress);
    if (blocked?.reason === 'blocked') return refuse('BLOCKED_ADDRESS', m.blockedAddress);
    if (blocked?.reason === 'unresolvable') return refuse('NETWORK', m.unresolvable(blocked.host));
    if (hasCode(error, 'Z_DATA_ERROR') || hasCode(error, 'ERR__ERROR_FORMAT_PADDING_1')) {
      return refuse('NETWORK', m.badEncoding);
    }
    if (hasCode(error, 'UND_ERR_HEADERS_TIMEOUT') || hasCode(error, 'UND_ERR_BODY_TIMEOUT')) {
      return refuse('TIMEOUT', m.timeout(Math.round(this.totalTimeoutMs / 100) / 10));
    }
    return refuse('NETWORK', m.network);
  }
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let e: unknown = error;
  while (e && chain.length < 8) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

function findCause<T>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  return causes(error).find((e): e is T => e instanceof type);
}

function hasCode(error: unknown, code: string): boolean {
  return causes(error).some((e) => (e as { code?: unknown }).code === code);
}
