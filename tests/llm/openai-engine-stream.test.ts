import { afterEach, describe, expect, it } from 'vitest';
import { FallbackEngine } from '../../src/llm/fallback-engine.ts';
import { UNSUPPORTED_ANSWER_TEXT } from '../../src/llm/grounding.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { httpError, json, stream } from '../fakes/fake-openai-server.ts';
import { ANSWER_INPUT, RecordingLogger, type Rig, startRig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.fake.close();
  rig = undefined;
});

describe('streaming answers', () => {
  it('streams growing text, grounds the final answer and records usage from the final chunk', async () => {
    rig = await startRig(() =>
      stream(
        [
          'Putin is determined ',
          'that protesters won’t topple Lukashenko [1]',
          '[7]. ',
          'He wants to end up on the “winning side” [1]. ',
          'Putin hosts Lukashenko in Sochi [1].',
        ],
        {
          prompt_tokens: 210,
          completion_tokens: 33,
        },
      ),
    );
    const seen: string[] = [];
    const draft = await rig.engine.answer(ANSWER_INPUT, { tenant: 'g1', onPartialText: (t) => seen.push(t) });
    const request = rig.fake.requests[0]!;
    expect(request.stream).toBe(true);
    expect(request.stream_options).toEqual({ include_usage: true });
    expect(request.response_format).toBeUndefined();
    // Each update extends the text so far, a whole checked sentence at a time.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length - 1; i++) expect(seen[i]!.length).toBeGreaterThan(seen[i - 1]!.length);
    expect(seen.some((t) => t.includes('[7]'))).toBe(false);
    expect(draft).toEqual({
      text: 'Putin is determined that protesters won’t topple Lukashenko [1]. He wants to end up on the winning side (paraphrase) [1]. Putin hosts Lukashenko in Sochi [1].',
      supported: true,
      cited: [1],
    });
    expect(seen.at(-1)).toBe(draft.text);
    expect(rig.usage.of('call', 'g1')).toEqual([
      {
        tenant: 'g1',
        task: 'answer',
        model: 'fake-model',
        kind: 'call',
        promptTokens: 210,
        completionTokens: 33,
      },
    ]);
  });

  it('hides the not-supported marker and ends on the plain not-supported text', async () => {
    rig = await startRig(() => stream(['NOT SUP', 'PORTED: The articles ', 'do not say.']));
    const seen: string[] = [];
    const draft = await rig.engine.answer(ANSWER_INPUT, { tenant: 'g', onPartialText: (t) => seen.push(t) });
    expect(draft).toEqual({ text: UNSUPPORTED_ANSWER_TEXT, supported: false, cited: [] });
    expect(seen).toEqual([UNSUPPORTED_ANSWER_TEXT]);
  });

  it('shares the answer cache with the structured mode; a cached answer reaches the watcher once', async () => {
    rig = await startRig(() => json({ answer: 'Putin backs Lukashenko [1].', supported: true }));
    await rig.engine.answer(ANSWER_INPUT);
    const seen: string[] = [];
    const draft = await rig.engine.answer(ANSWER_INPUT, { tenant: 'g', onPartialText: (t) => seen.push(t) });
    expect(rig.fake.requests).toHaveLength(1);
    expect(seen).toEqual([draft.text]);
  });

  it('a failed stream falls back, and the watcher gets the fallback’s text', async () => {
    rig = await startRig(() => httpError(502, { retryAfter: '0' }));
    const seen: string[] = [];
    const engine = new FallbackEngine(rig.engine, new OfflineEngine(), new RecordingLogger());
    const draft = await engine.answer(ANSWER_INPUT, { tenant: 'g', onPartialText: (t) => seen.push(t) });
    expect(draft.note).toMatch(/unavailable/);
    expect(seen.at(-1)).toBe(draft.text);
  });
});
