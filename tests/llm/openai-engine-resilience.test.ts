import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.ts';
import { LlmCircuitOpen, LlmInvalidOutput, LlmUnavailable } from '../../src/llm/errors.ts';
import { FallbackEngine } from '../../src/llm/fallback-engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { MAX_OUTPUT_TOKENS } from '../../src/llm/openai/openai-engine.ts';
import { cutStream, httpError, json, raw, stall } from '../fakes/fake-openai-server.ts';
import { ANSWER_INPUT, RecordingLogger, type Rig, SUPPORTED_ANSWER, startRig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.fake.close();
  rig = undefined;
});

const offline = (engine: Rig['engine']) =>
  new FallbackEngine(engine, new OfflineEngine(), new RecordingLogger());

describe('broken streams', () => {
  it('a stream cut mid-way is LlmUnavailable; the fallback answers and the watcher ends on its text', async () => {
    rig = await startRig(() => cutStream(['Putin is determined ', 'that protesters']));
    const seen: string[] = [];
    await expect(
      rig.engine.answer(ANSWER_INPUT, { tenant: 't', onPartialText: (t) => seen.push(t) }),
    ).rejects.toBeInstanceOf(LlmUnavailable);
    const draft = await offline(rig.engine).answer(ANSWER_INPUT, {
      tenant: 't',
      onPartialText: (t) => seen.push(t),
    });
    expect(draft.note).toMatch(/offline engine/);
    expect(seen.at(-1)).toBe(draft.text);
  });

  it('a stream that stalls after its headers ends at the idle timeout', async () => {
    const first = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Putin' }, finish_reason: null }] })}\n\n`;
    rig = await startRig(() => stall('text/event-stream', first), { idleTimeoutMs: 200, timeout: 60_000 });
    await expect(
      rig.engine.answer(ANSWER_INPUT, { tenant: 't', onPartialText: () => {} }),
    ).rejects.toBeInstanceOf(LlmUnavailable);
  });

  it('a stream that closes without a finish reason is not taken as a whole answer', async () => {
    const chunk = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Putin backs Lukashenko [1].' }, finish_reason: null }] })}\n\n`;
    rig = await startRig(() => raw(200, 'text/event-stream', `${chunk}data: [DONE]\n\n`));
    await expect(rig.engine.answer(ANSWER_INPUT, { tenant: 't', onPartialText: () => {} })).rejects.toThrow(
      /ended before it finished/,
    );
  });

  it('a non-stream body that stalls after its headers ends at the idle timeout too', async () => {
    rig = await startRig(() => stall('application/json', '{"id":'), { idleTimeoutMs: 200, timeout: 60_000 });
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmUnavailable);
  });
});

describe('circuit breaker (time from a FakeClock)', () => {
  it('opens after 3 outages: answers offline at once, sends nothing; probes after the cool-down', async () => {
    const clock = new FakeClock();
    rig = await startRig(() => httpError(503, { retryAfter: '0' }), {
      clock,
      breaker: { coolDownMs: 30_000 },
    });
    const engine = offline(rig.engine);
    const ask = (n: number) => engine.answer({ ...ANSWER_INPUT, question: `Question ${n} about Putin?` });
    for (let i = 0; i < 3; i++) await ask(i);
    expect(rig.fake.requests).toHaveLength(3);
    const paused = await ask(3);
    expect(rig.fake.requests).toHaveLength(3);
    expect(paused.note).toBe(
      'The LLM failed several times in a row and is paused for a moment, so this answer comes from the offline engine (extractive).',
    );
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmCircuitOpen);
    clock.advance(30_000);
    rig.fake.respondWith(() => json(SUPPORTED_ANSWER));
    const probe = await ask(4);
    expect(rig.fake.requests).toHaveLength(4);
    expect(probe.note).toBeUndefined();
    await ask(5);
    expect(rig.fake.requests).toHaveLength(5);
  });

  it('still serves cached answers while open', async () => {
    const clock = new FakeClock();
    rig = await startRig(() => json(SUPPORTED_ANSWER), { clock });
    const cached = await rig.engine.answer(ANSWER_INPUT);
    rig.fake.respondWith(() => httpError(500, { retryAfter: '0' }));
    for (let i = 0; i < 3; i++)
      await offline(rig.engine).answer({ ...ANSWER_INPUT, question: `Other ${i}?` });
    await expect(rig.engine.answer({ ...ANSWER_INPUT, question: 'Other 9?' })).rejects.toBeInstanceOf(
      LlmCircuitOpen,
    );
    expect(await rig.engine.answer(ANSWER_INPUT)).toEqual(cached);
  });
});

describe('output limits and claim checks', () => {
  it('caps output per task and sets a low temperature', async () => {
    rig = await startRig(() => json(SUPPORTED_ANSWER));
    await rig.engine.answer(ANSWER_INPUT);
    expect(rig.fake.requests[0]).toMatchObject({ max_tokens: MAX_OUTPUT_TOKENS.answer, temperature: 0 });
  });

  it('a reply cut off at max_tokens is not used', async () => {
    rig = await startRig(() =>
      raw(
        200,
        'application/json',
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: '{"answer":"Putin' },
              finish_reason: 'length',
            },
          ],
        }),
      ),
    );
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmInvalidOutput);
  });

  it('drops a claim its cited source does not support (a year it never gives), keeps the rest', async () => {
    rig = await startRig(() =>
      json({
        answer:
          'Putin is determined protesters won’t topple Lukashenko [1]. Lukashenko resigned in 2021 [1].',
        supported: true,
      }),
    );
    const draft = await rig.engine.answer(ANSWER_INPUT);
    expect(draft.text).toBe('Putin is determined protesters won’t topple Lukashenko [1].');
  });

  it('an answer whose every citation is invalid is rejected, and not cached', async () => {
    rig = await startRig(() => json({ answer: 'Putin wants influence [9].', supported: true }));
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmInvalidOutput);
    await expect(rig.engine.answer(ANSWER_INPUT)).rejects.toBeInstanceOf(LlmInvalidOutput);
    expect(rig.fake.requests).toHaveLength(2);
  });

  it('a fabricated quote shown as a paraphrase of an unrelated source is dropped', async () => {
    rig = await startRig(() =>
      json({ answer: 'Russia sent media workers [2]. He said “Putin is a genius” [2].', supported: true }),
    );
    const draft = await rig.engine.answer(ANSWER_INPUT);
    expect(draft.text).toBe('Russia sent media workers [2].');
  });
});

describe('prompts: dates, titles and a token budget', () => {
  const analysis = (n: number) => ({
    producer: 'test',
    summary: `Summary of article ${n}: the leaders met in Sochi.`,
    summarySentences: [],
    keyPoints: [{ text: 'The leaders met in Sochi.', sentences: [0] }],
    actors: [],
    quotes: [],
    relations: [],
  });
  const sources = Array.from({ length: 12 }, (_, i) => ({
    sourceNo: i + 1,
    articleId: i + 1,
    title: `Article ${i + 1} ${'about the talks '.repeat(10)}`,
    publishedAt: `2020-09-${String(20 - i).padStart(2, '0')}`,
    analysis: analysis(i + 1),
    sentences: ['Vladimir Putin met Alexander Lukashenko in Sochi.'],
  }));

  it('a briefing prompt carries today, titles and dates in time order, and cuts the least relevant sources to fit', async () => {
    const clock = new FakeClock(new Date('2026-12-02T10:00:00Z'));
    rig = await startRig(
      () => json({ overview: { text: 'The leaders met in Sochi.', sources: [1] }, keyPoints: [] }),
      {
        clock,
        maxInputTokens: 2000,
      },
    );
    await rig.engine.composeBriefing({ length: 'standard', sources });
    const [system, user] = rig.fake.requests[0]!.messages;
    expect(system!.content).toContain('Today is 2026-12-02.');
    const numbers = [...user!.content.matchAll(/<source n="(\d+)">/g)].map((m) => Number(m[1]));
    // The last (least relevant) sources were cut; those kept appear oldest first.
    expect(numbers.length).toBeLessThan(sources.length);
    expect(numbers[numbers.length - 1]).toBe(1);
    expect(Math.max(...numbers)).toBe(numbers.length);
    expect(user!.content).toContain('Published: 2020-09-20');
    expect(user!.content.length / 3).toBeLessThan(2000);
  });

  it('an answer prompt shows each source title and date, and keeps the best passages within budget', async () => {
    rig = await startRig(() => json(SUPPORTED_ANSWER), { maxInputTokens: 2200 });
    const many = Array.from({ length: 40 }, (_, i) => ({
      sourceNo: 1,
      articleId: 10,
      ordinal: i + 10,
      text: `Filler sentence number ${i} about the talks in Sochi and what they meant for the region.`,
    }));
    const input = {
      ...ANSWER_INPUT,
      passages: [...ANSWER_INPUT.passages, ...many],
      sources: new Map([[1, { title: 'Putin tightens his embrace', publishedAt: '2020-09-13' }]]),
    };
    await rig.engine.answer(input);
    const user = rig.fake.requests[0]!.messages[1]!.content;
    expect(user).toContain('Title: Putin tightens his embrace\nPublished: 2020-09-13');
    expect(user).toContain(ANSWER_INPUT.passages[0]!.text);
    expect(user).not.toContain('Filler sentence number 39');
  });
});
