/**
 * A fake OpenAI-compatible server: real HTTP on 127.0.0.1, so tests drive the real openai SDK
 * (retries, timeouts, SSE parsing) without a network. Each request body is recorded; a scripted
 * handler decides each response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The chat request as the fake sees it (only the fields tests look at are typed). */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  [field: string]: unknown;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type FakeResponse =
  | { kind: 'json'; content: unknown; usage?: FakeUsage }
  | { kind: 'text'; content: string; usage?: FakeUsage }
  | { kind: 'error'; status: number; retryAfter?: string; body?: unknown }
  | { kind: 'delay'; ms: number; then: FakeResponse }
  | { kind: 'stream'; chunks: string[]; usage?: FakeUsage; chunkDelayMs?: number }
  | { kind: 'reject-json-schema' }
  /** Any status, headers and body: HTML pages, SSE to a non-stream request, invalid UTF-8. */
  | { kind: 'raw'; status: number; headers: Record<string, string>; body: string | Buffer }
  /** An SSE stream that sends these deltas, then drops the connection (no finish, no [DONE]). */
  | { kind: 'cut-stream'; chunks: string[] }
  /** Headers (200, this content type), maybe a first piece of body, then silence until closed. */
  | { kind: 'stall'; contentType: string; partial?: string };

export type FakeHandler = (body: ChatRequestBody, index: number) => FakeResponse | Promise<FakeResponse>;

const DEFAULT_USAGE: FakeUsage = { prompt_tokens: 100, completion_tokens: 20 };

/** Chat completion whose message content is the JSON of `content`. */
export const json = (content: unknown, usage?: FakeUsage): FakeResponse => ({
  kind: 'json',
  content,
  ...(usage && { usage }),
});
/** Chat completion whose message content is `content` as is (prose, garbage, fenced JSON). */
export const text = (content: string, usage?: FakeUsage): FakeResponse => ({
  kind: 'text',
  content,
  ...(usage && { usage }),
});
/** An HTTP error with an OpenAI-style error body. */
export const httpError = (
  status: number,
  options: { retryAfter?: string; body?: unknown } = {},
): FakeResponse => ({
  kind: 'error',
  status,
  ...options,
});
/** Waits before responding (longer than the client timeout makes a timeout). */
export const delay = (ms: number, then: FakeResponse): FakeResponse => ({ kind: 'delay', ms, then });
/** An SSE stream of content deltas, then a usage chunk, then [DONE]. */
export const stream = (chunks: string[], usage?: FakeUsage): FakeResponse => ({
  kind: 'stream',
  chunks,
  ...(usage && { usage }),
});
/** A reply of any shape: `raw(200, 'text/html', '<html>…')`. */
export const raw = (status: number, contentType: string, body: string | Buffer): FakeResponse => ({
  kind: 'raw',
  status,
  headers: { 'content-type': contentType },
  body,
});
/** A stream cut after these deltas. */
export const cutStream = (chunks: string[]): FakeResponse => ({ kind: 'cut-stream', chunks });
/** Headers, then nothing more. */
export const stall = (contentType: string, partial?: string): FakeResponse => ({
  kind: 'stall',
  contentType,
  ...(partial !== undefined && { partial }),
});

/**
 * Which task a request is: the response_format schema name, else (analysis and streamed answers
 * carry none) the system prompt's opening words.
 */
export function taskOf(body: ChatRequestBody): 'article_analysis' | 'briefing' | 'answer' | string {
  const named = body.response_format?.json_schema?.name;
  if (named) return named;
  const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
  if (system.startsWith('Analyse')) return 'article_analysis';
  if (system.includes('Task: a news briefing')) return 'briefing';
  if (system.includes('Task: answer')) return 'answer';
  return '';
}

/** A 400 like servers without structured output give for response_format json_schema. */
export const rejectJsonSchema = (): FakeResponse => ({ kind: 'reject-json-schema' });

export class FakeOpenAiServer {
  /** Every chat request body received, in order. */
  readonly requests: ChatRequestBody[] = [];
  private handler: FakeHandler;
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(handler: FakeHandler) {
    this.handler = handler;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err), type: 'fake_server_error' } }));
      });
    });
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(handler: FakeHandler = () => json({})): Promise<FakeOpenAiServer> {
    const fake = new FakeOpenAiServer(handler);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Base URL for `new OpenAI({ baseURL })`. */
  get baseURL(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Replaces the scripted handler. */
  respondWith(handler: FakeHandler): void {
    this.handler = handler;
  }

  /** Stops listening, drops open connections and pending delays. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }],
        }),
      );
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'not_found' } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
    const index = this.requests.length;
    this.requests.push(body);
    await this.send(res, body, await this.handler(body, index));
  }

  private async send(res: ServerResponse, body: ChatRequestBody, response: FakeResponse): Promise<void> {
    if (res.destroyed) return;
    switch (response.kind) {
      case 'delay':
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.timers.delete(t);
            resolve();
          }, response.ms);
          this.timers.add(t);
        });
        return this.send(res, body, response.then);
      case 'json':
      case 'text': {
        const content = response.kind === 'json' ? JSON.stringify(response.content) : response.content;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(completion(body.model, content, response.usage ?? DEFAULT_USAGE)));
        return;
      }
      case 'error': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (response.retryAfter !== undefined) headers['retry-after'] = response.retryAfter;
        res.writeHead(response.status, headers);
        res.end(
          JSON.stringify(
            response.body ?? { error: { message: `fake error ${response.status}`, type: 'server_error' } },
          ),
        );
        return;
      }
      case 'reject-json-schema':
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message:
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
              type: 'invalid_request_error',
              param: 'response_format',
              code: null,
            },
          }),
        );
        return;
      case 'stream':
        return this.sendStream(res, body, response);
      case 'raw':
        res.writeHead(response.status, response.headers);
        res.end(response.body);
        return;
      case 'cut-stream': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: body.model };
        for (const piece of response.chunks)
          res.write(
            `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
          );
        // Let the pieces leave, then drop the connection mid-stream.
        await new Promise<void>((resolve) => setImmediate(resolve));
        res.socket?.destroy();
        return;
      }
      case 'stall':
        res.writeHead(200, { 'content-type': response.contentType });
        if (response.partial) res.write(response.partial);
        else res.flushHeaders();
        return;
    }
  }

  private async sendStream(
    res: ServerResponse,
    body: ChatRequestBody,
    response: Extract<FakeResponse, { kind: 'stream' }>,
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: body.model };
    const write = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    write({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    for (const piece of response.chunks) {
      if (response.chunkDelayMs) await new Promise((r) => setTimeout(r, response.chunkDelayMs));
      write({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    write({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (body.stream_options?.include_usage) {
      const usage = response.usage ?? DEFAULT_USAGE;
      write({
        ...base,
        choices: [],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    }
    res.end('data: [DONE]\n\n');
  }
}

function completion(model: string, content: string, usage: FakeUsage): object {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}
