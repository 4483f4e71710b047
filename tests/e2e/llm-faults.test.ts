/**
 * The LLM path against a server that misbehaves as real ones do, driven through the real CLI:
 * every fault ends in an answer with a note (never "Something went wrong"), the process exits,
 * and nothing bad is cached: asked again once the server behaves, the question gets a fresh,
 * good answer from the LLM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatRequestBody,
  FakeOpenAiServer,
  type FakeResponse,
  httpError,
  json,
  raw,
  stall,
  taskOf,
} from '../fakes/fake-openai-server.ts';
import { plausibleModel } from '../fakes/plausible-model.ts';
import { FOUNDING_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

const completionBody = (content: string) =>
  JSON.stringify({
    id: 'x',
    object: 'chat.completion',
    created: 0,
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  });

/** Each fault the first answer request meets; later requests get a plausible model's reply. */
const FAULTS: { name: string; question: string; reply: FakeResponse }[] = [
  {
    name: 'an HTML page with status 200',
    question: 'Who is Valery Tsepkalo?',
    reply: raw(200, 'text/html', '<html><body>Gateway login</body></html>'),
  },
  {
    name: 'an SSE stream to a non-stream request',
    question: 'Who is Mikhail Vinogradov?',
    reply: raw(
      200,
      'text/event-stream',
      'data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n',
    ),
  },
  {
    name: 'a completion with empty choices',
    question: 'What does Putin want?',
    reply: raw(200, 'application/json', JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] })),
  },
  {
    name: 'a body cut mid-JSON',
    question: 'Where did Putin host Lukashenko?',
    reply: raw(200, 'application/json', completionBody('{"answer":"Putin').slice(0, 80)),
  },
  {
    name: 'invalid UTF-8',
    question: 'Who is Alexander Lukashenko?',
    reply: raw(
      200,
      'application/json',
      Buffer.concat([
        Buffer.from(completionBody('{"answer":"Putin XX [1]","supported":true}').split('XX')[0]!),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(completionBody('{"answer":"Putin XX [1]","supported":true}').split('XX')[1]!),
      ]),
    ),
  },
  {
    name: 'a 1 MB reply',
    question: 'What did Tsepkalo say?',
    reply: json({ answer: `Putin ${'backs him '.repeat(100_000)}[1]`, supported: true }),
  },
  {
    name: 'headers, then silence',
    question: 'What is happening in Belarus?',
    reply: stall('application/json', '{"id":"x",'),
  },
];

describe('the shell with an LLM that misbehaves (real CLI, fake server on 127.0.0.1)', () => {
  let fake: FakeOpenAiServer;
  let data: ReturnType<typeof tempDataDir>;
  let env: NodeJS.ProcessEnv;
  /** The fault the next answer request meets, once. */
  let pending: FakeResponse | undefined;

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start((body: ChatRequestBody) => {
      if (pending && taskOf(body) === 'answer') {
        const fault = pending;
        pending = undefined;
        return fault;
      }
      return plausibleModel(body).response;
    });
    data = tempDataDir();
    env = {
      BRIEFING_LLM: 'openai',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'test-key',
      OPENAI_MODEL: 'fake-model',
      OPENAI_MAX_RETRIES: '0',
      OPENAI_IDLE_TIMEOUT_MS: '1000',
      BRIEFING_LOG_LEVEL: 'silent',
    };
    const ingest = await runCli(['ingest', '--data-dir', data.dir, FOUNDING_ARTICLE], { env });
    expect(ingest.code).toBe(0);
  });
  afterAll(async () => {
    await fake.close();
    data.cleanup();
  });

  for (const fault of FAULTS) {
    it(`${fault.name}: an offline answer with a note, then a fresh LLM answer once the server behaves`, async () => {
      pending = fault.reply;
      const before = fake.requests.length;
      const { code, stdout } = await runCli(['shell', '--data-dir', data.dir], {
        env,
        input: `/ask ${fault.question}\n/ask ${fault.question}\n`,
      });
      expect(code).toBe(0);
      const [first = '', second = ''] = stdout.split(/^briefing> /m).slice(1);
      expect(first).toMatch(/so this answer comes from the offline engine/);
      expect(first).not.toMatch(/Something went wrong/);
      // The second asking reached the model again (nothing was cached) and shows its answer.
      expect(second).toContain('Generated answer (openai:fake-model)');
      expect(second).not.toMatch(/offline engine/);
      expect(fake.requests.length - before).toBe(2);
    });
  }

  it('a 400 worded without "response_format" steps down to json_object: an LLM answer, no note', async () => {
    fake.respondWith((body) =>
      body.response_format?.type === 'json_schema'
        ? httpError(400, { body: { error: { message: 'Unrecognized request argument supplied: strict' } } })
        : plausibleModel(body).response,
    );
    const { code, stdout } = await runCli(['shell', '--data-dir', data.dir], {
      env,
      input: '/ask Who heads the St. Petersburg Politics Foundation?\n',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Generated answer (openai:fake-model)');
    expect(fake.requests.slice(-2).map((r) => r.response_format?.type)).toEqual([
      'json_schema',
      'json_object',
    ]);
  });
});
