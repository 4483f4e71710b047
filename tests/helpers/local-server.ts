import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A node:http server on 127.0.0.1 with routes by path; records every request it gets. */
export class LocalServer {
  readonly requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  private readonly server: Server;
  private readonly routes = new Map<string, Route>();

  private constructor() {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      this.requests.push({ path, headers: req.headers });
      const route = this.routes.get(path);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      route(req, res);
    });
  }

  static async start(): Promise<LocalServer> {
    const s = new LocalServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:PORT`, as BRIEFING_FETCH_ALLOW names it. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** Serves a fixed body with headers. */
  serve(path: string, body: string | Uint8Array, headers: Record<string, string> = {}, status = 200): this {
    return this.on(path, (_req, res) => {
      res.writeHead(status, headers).end(body);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
