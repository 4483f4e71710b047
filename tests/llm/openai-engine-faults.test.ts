import { afterEach, describe, expect, it } from 'vitest';
import type { BriefingEngine } from '../../src/llm/engine.ts';
import { LlmInvalidOutput, LlmRateLimited, LlmRefused, LlmUnavailable } from '../../src/llm/errors.ts';
import { FallbackEngine } from '../../src/llm/fallback-engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { delay, httpError, json, rejectJsonSchema, text } from '../fakes/fake-openai-server.ts';
import {
  ANSWER_INPUT,
  RecordingLogger,
  type Rig,
  SHORT_ANALYSIS,
  SHORT_ARTICLE,
  SUPPORTED_ANSWER,
  startRig,
} from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.fake.close();
  rig = undefined;
});

const withFallback = (primary: BriefingEngine, logger = new RecordingLogger()) =>
  new FallbackEngine(primary, new OfflineEngine(), logger);

describe('provider faults (SDK retries, then project errors)', () => {
  it('429 with retry-after: the SDK waits as told and retries; the second attempt answers', async () => {
    rig = await startRig(
      (_b, i) => (i === 0 ? httpError(429, { retryAfter: '0.2' }) : json(SUPPORTED_ANSWER)),
      {
        maxRetries: 2,
      },
    );
    const draft = await rig.engine.answer(ANSWER_INPUT);
    expect(rig.fake.requests).toHaveLength(2);
    expect(draft.supported).toBe(true);
  });

  it('429 that outlasts the retries becomes LlmRateLimited', async () => {
    rig = await startRig(() => httpError(429, { retryAfter: '0' }), { maxRetries: 1 });
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmRateLimited);
    expect(rig.fake.requests).toHaveLength(2);
  });

  it('500 three times: LlmUnavailable, and the FallbackEngine answers offline with a note', async () => {
    rig = await startRig(() => httpError(500, { retryAfter: '0' }), { maxRetries: 2 });
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmUnavailable);
    expect(rig.fake.requests).toHaveLength(3);
    const logger = new RecordingLogger();
    const engine = withFallback(rig.engine, logger);
    expect(engine.id).toBe('openai:fake-model');
    expect(engine.extractive).toBe(false);
    const draft = await engine.answer(ANSWER_INPUT, { tenant: 't' });
    expect(draft.note).toBe(
      'The LLM was unavailable, so this answer comes from the offline engine (extractive).',
    );
    expect(draft.text).toEqual((await new OfflineEngine().answer(ANSWER_INPUT)).text);
    expect(logger.lines[0]).toMatchObject({ level: 'warn', obj: { kind: 'LlmUnavailable', task: 'answer' } });
  });

  it('a timeout becomes LlmUnavailable and falls back', async () => {
    rig = await startRig(() => delay(1000, json(SUPPORTED_ANSWER)), { timeout: 150, maxRetries: 0 });
    const engine = withFallback(rig.engine);
    const draft = await engine.answer(ANSWER_INPUT);
    expect(draft.note).toMatch(/^The LLM was unavailable/);
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmUnavailable);
  });

  it('a 400 every mode gets is a refusal: LlmRefused, the mode stays, the fallback says the LLM rejected it', async () => {
    rig = await startRig(() =>
      httpError(400, {
        body: { error: { message: 'maximum context length exceeded', type: 'invalid_request_error' } },
      }),
    );
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmRefused);
    // Each lower mode was tried once (the 400 could have been about response_format), none got past it.
    expect(rig.fake.requests.map((r) => r.response_format?.type ?? 'none')).toEqual([
      'json_schema',
      'json_object',
      'none',
    ]);
    rig.fake.requests.length = 0;
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmRefused);
    expect(rig.fake.requests[0]!.response_format?.type).toBe('json_schema');
    const draft = await withFallback(rig.engine).answer(ANSWER_INPUT);
    expect(draft.note).toMatch(/^The LLM rejected the request/);
  });

  it('falls back for briefings (with a note) and analyses (logged, the offline producer shows)', async () => {
    rig = await startRig(() => httpError(503, { retryAfter: '0' }));
    const logger = new RecordingLogger();
    const engine = withFallback(rig.engine, logger);
    const analysis = await engine.analyseArticle(SHORT_ARTICLE);
    expect(analysis.producer).toBe(new OfflineEngine().id);
    const brief = await engine.composeBriefing({
      length: 'short',
      sources: [
        {
          sourceNo: 1,
          articleId: 1,
          title: SHORT_ARTICLE.title,
          analysis,
          sentences: SHORT_ARTICLE.sentences.map((s) => s.text),
        },
      ],
    });
    expect(brief.note).toBe(
      'The LLM was unavailable, so this briefing comes from the offline engine (extractive).',
    );
    expect(logger.lines.map((l) => (l.obj as { task: string }).task)).toEqual(['analyse', 'brief']);
  });

  it('lets errors that are not LLM faults propagate', async () => {
    const broken: BriefingEngine = {
      id: 'broken',
      extractive: false,
      analyseArticle: () => Promise.reject(new TypeError('bug')),
      composeBriefing: () => Promise.reject(new TypeError('bug')),
      answer: () => Promise.reject(new TypeError('bug')),
    };
    await expect(withFallback(broken).answer(ANSWER_INPUT)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('invalid output', () => {
  it('repairs prose-wrapped, fenced JSON without another request', async () => {
    rig = await startRig(() =>
      text(`Sure! Here it is:\n\`\`\`json\n${JSON.stringify(SUPPORTED_ANSWER)}\n\`\`\`\nAnything else?`),
    );
    const draft = await rig.engine.answer(ANSWER_INPUT);
    expect(draft.supported).toBe(true);
    expect(rig.fake.requests).toHaveLength(1);
  });

  it('repairs near misses: missing arrays, "s1" sentence labels, American enum spelling', async () => {
    const { quotes: _q, relations: _r, ...rest } = SHORT_ANALYSIS;
    rig = await startRig(() =>
      json({
        ...rest,
        keyPoints: [{ text: 'They met.', sentences: ['s0'] }],
        actors: [
          { name: 'Alexander Lukashenko', type: 'Person', aliases: ['Lukashenko'], roles: [] },
          { name: 'Sochi', type: 'organization', aliases: [], roles: [] },
        ],
      }),
    );
    const analysis = await rig.engine.analyseArticle(SHORT_ARTICLE);
    expect(rig.fake.requests).toHaveLength(1);
    expect(analysis.keyPoints).toEqual([{ text: 'They met.', sentences: [0] }]);
    expect(analysis.actors.map((a) => a.type).sort()).toEqual(['organisation', 'person']);
    expect(analysis.quotes).toEqual([]);
  });

  it('garbage then valid: one corrective retry that quotes the problem', async () => {
    rig = await startRig((_b, i) =>
      i === 0 ? text('I think Putin wants influence.') : json(SUPPORTED_ANSWER),
    );
    const draft = await rig.engine.answer(ANSWER_INPUT);
    expect(draft.supported).toBe(true);
    expect(rig.fake.requests).toHaveLength(2);
    const retry = rig.fake.requests[1]!.messages;
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: 'I think Putin wants influence.' });
    expect(retry.at(-1)!.content).toMatch(
      /^Your previous output was invalid: the reply was not a JSON object/,
    );
  });

  it('garbage twice: LlmInvalidOutput, and the fallback answers', async () => {
    rig = await startRig(() => text('PWNED'));
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmInvalidOutput);
    expect(rig.fake.requests).toHaveLength(2);
    const draft = await withFallback(rig.engine).answer(ANSWER_INPUT);
    expect(draft.note).toBe(
      "The LLM's reply could not be used, so this answer comes from the offline engine (extractive).",
    );
  });

  it('schema-violating output: retried once with the zod message, then LlmInvalidOutput and fallback', async () => {
    rig = await startRig(() => json({ text: 'Putin wants influence [1].' }));
    const engine = withFallback(rig.engine);
    const draft = await engine.answer(ANSWER_INPUT);
    expect(rig.fake.requests).toHaveLength(2);
    expect(rig.fake.requests[1]!.messages.at(-1)!.content).toMatch(/answer/);
    expect(draft.note).toMatch(/could not be used/);
    // The failure is not cached: the next call asks the LLM again.
    rig.fake.respondWith(() => json(SUPPORTED_ANSWER));
    expect((await rig.engine.answer(ANSWER_INPUT)).supported).toBe(true);
  });
});

describe('structured output modes', () => {
  it('json_schema rejected: steps down to json_object and remembers it', async () => {
    rig = await startRig((body) => {
      if (body.response_format?.type === 'json_schema') return rejectJsonSchema();
      return json(SUPPORTED_ANSWER);
    });
    await rig.engine.answer(ANSWER_INPUT);
    await rig.engine.answer({ ...ANSWER_INPUT, question: 'What does Putin want in Sochi?' });
    expect(rig.fake.requests.map((r) => r.response_format?.type)).toEqual([
      'json_schema',
      'json_object',
      'json_object',
    ]);
    // json_object needs the word JSON in the prompt, and the schema stands in for the server's enforcement.
    expect(rig.fake.requests[1]!.messages[0]!.content).toMatch(
      /Reply with only one JSON object[\s\S]*"supported"/,
    );
  });

  it('a 400 with any wording steps down when the next mode gets past it (the message is not trusted)', async () => {
    rig = await startRig((body) => {
      if (body.response_format?.type === 'json_schema')
        return httpError(400, {
          body: { error: { message: 'Unrecognized request argument supplied: strict' } },
        });
      return json(SUPPORTED_ANSWER);
    });
    expect((await rig.engine.answer(ANSWER_INPUT)).supported).toBe(true);
    expect(rig.fake.requests.map((r) => r.response_format?.type)).toEqual(['json_schema', 'json_object']);
  });

  it('analysis asks for its line format, without a schema, and reads the lines back', async () => {
    rig = await startRig(() =>
      text(
        'S: Putin and Lukashenko met in Sochi. (0)\nP: The leaders met in Sochi. (0)\n' +
          'A: Vladimir Putin | person | Putin | \nA: Alexander Lukashenko | person | Lukashenko |\n' +
          'Q: Lukashenko | We are allies\nR: Vladimir Putin | meets | Alexander Lukashenko | 0',
      ),
    );
    const analysis = await rig.engine.analyseArticle(SHORT_ARTICLE);
    const request = rig.fake.requests[0]!;
    expect(request.response_format).toBeUndefined();
    expect(request.max_tokens).toBeGreaterThan(0);
    expect(request.temperature).toBe(0);
    expect(analysis.summarySentences).toEqual([0]);
    expect(analysis.keyPoints).toEqual([{ text: 'The leaders met in Sochi.', sentences: [0] }]);
    expect(analysis.quotes).toEqual([
      { text: 'We are allies', speaker: 'Alexander Lukashenko', sentenceIndex: 1 },
    ]);
    expect(analysis.relations).toHaveLength(1);
  });

  it('sends a strict JSON schema: every property required, no additional properties', async () => {
    rig = await startRig(() => json(SUPPORTED_ANSWER));
    await rig.engine.answer(ANSWER_INPUT);
    const format = rig.fake.requests[0]!.response_format!;
    expect(format.json_schema).toMatchObject({
      name: 'answer',
      strict: true,
      schema: { type: 'object', required: ['answer', 'supported'], additionalProperties: false },
    });
  });

  it('both formats rejected: plain text with tolerant parsing, remembered', async () => {
    rig = await startRig((body) => {
      if (body.response_format) return httpError(422, { body: { detail: 'unknown field response_format' } });
      return text(`Here you go: ${JSON.stringify(SUPPORTED_ANSWER)}`);
    });
    await rig.engine.answer(ANSWER_INPUT);
    await rig.engine.answer({ ...ANSWER_INPUT, question: 'And Lukashenko?' });
    expect(rig.fake.requests.map((r) => r.response_format?.type ?? 'none')).toEqual([
      'json_schema',
      'json_object',
      'none',
      'none',
    ]);
  });
});
