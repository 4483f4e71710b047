import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One route of the fake site: a body, and the validators it answers conditional GETs with. */
export interface Route {
  status?: number;
  contentType?: string;
  body: string | Buffer;
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/**
 * A local site on 127.0.0.1 serving feeds and article pages from a mutable route table. It honours
 * If-None-Match and If-Modified-Since with 304 as real servers do, and records each request.
 */
export class FeedServer {
  readonly routes = new Map<string, Route>();
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  private server: Server | undefined;
  private base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.requests.push({ path, headers: req.headers });
      const route = this.routes.get(path);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const headers: Record<string, string> = { 'content-type': route.contentType ?? 'application/rss+xml' };
      if (route.etag) headers.etag = route.etag;
      if (route.lastModified) headers['last-modified'] = route.lastModified;
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      const fresh =
        (route.etag && inm === route.etag) || (!inm && route.lastModified && ims === route.lastModified);
      if ((route.status ?? 200) === 200 && fresh) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(route.status ?? 200, headers).end(route.body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** How many requests a path received. */
  hits(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }
}
