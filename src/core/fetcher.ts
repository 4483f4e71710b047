/** What a fetch is for: decides the content types accepted. */
export type FetchPurpose = 'page' | 'feed' | 'document';

export interface FetchRequest {
  url: string;
  purpose: FetchPurpose;
  /** Conditional GET validators from the previous response; never sent when empty. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** When set, every hop (including redirects) must be on one of these `host[:port]`s, e.g. a CDN. */
  allowedHosts?: readonly string[] | undefined;
}

export interface FetchedResource {
  /** The URL after redirects. */
  url: string;
  /** 304 when the conditional GET says nothing changed (then `text` is empty). */
  status: number;
  contentType: string;
  /** Body decoded to text (charset from headers or the document). */
  text: string;
  /** Raw body bytes (for documents that are not text, and for hashing). */
  bytes: Uint8Array;
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/** Why a fetch was refused or failed; each carries one clear sentence for the user. */
export type FetchFailureCode =
  | 'BAD_URL'
  | 'BLOCKED_ADDRESS'
  | 'BAD_PORT'
  | 'TOO_LARGE'
  | 'TIMEOUT'
  | 'TOO_MANY_REDIRECTS'
  | 'HTTP_ERROR'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_CONTENT_TYPE'
  | 'NETWORK';

export type FetchOutcome =
  | { ok: true; resource: FetchedResource }
  | { ok: false; code: FetchFailureCode; message: string; status?: number | undefined };

/** The only way core reaches the web: guarded against private addresses, bounded in size and time. */
export interface Fetcher {
  /** Fetches one URL; refusals and failures are values, never exceptions. */
  fetch(request: FetchRequest): Promise<FetchOutcome>;
}
