import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerDraft, AnswerInput, BriefingEngine, EngineCallContext } from '../../src/llm/engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { closeAndCheck, contentCalls, Harness } from './harness.ts';

/** The offline engine, except answers are long and arrive in pieces through onPartialText. */
class FakeStreamingEngine implements BriefingEngine {
  readonly id = 'fake-stream@1';
  readonly extractive = false;
  private readonly offline = new OfflineEngine();
  analyseArticle = this.offline.analyseArticle.bind(this.offline);
  composeBriefing = this.offline.composeBriefing.bind(this.offline);
  constructor(
    private readonly pieces: string[],
    private readonly delayMs: number,
  ) {}
  async answer(input: AnswerInput, ctx?: EngineCallContext): Promise<AnswerDraft> {
    let text = '';
    for (const piece of this.pieces) {
      text += piece;
      ctx?.onPartialText?.(text);
      await new Promise((r) => setTimeout(r, this.delayMs));
    }
    return { text, supported: true, cited: [input.passages[0]?.sourceNo ?? 1] };
  }
}

const sentence = (i: number) =>
  `Sentence ${i} explains what the stored articles report about Putin and Lukashenko [1]. `;

describe('Discord transport: streaming previews and long answers', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    const running = h;
    h = undefined;
    await closeAndCheck(running);
  });

  it('edits a streaming answer at most once per interval, then replaces the preview with the answer', async () => {
    const pieces = Array.from({ length: 12 }, (_, i) => sentence(i));
    h = await Harness.start({
      ingest: true,
      engine: new FakeStreamingEngine(pieces, 25),
      bot: { streamIntervalMs: 100 },
    });
    const ask = h.fake.slashCommand({ name: 'ask', options: { question: 'What does Putin want?' } });
    const done = await h.fake.waitFor(
      (c) => c.method === 'PATCH' && c.path.includes(ask.token) && !JSON.stringify(c.body).includes('▌'),
    );
    const edits = h.fake.calls.filter((c) => c.method === 'PATCH' && c.path.includes(ask.token));
    const previews = edits.filter((c) => JSON.stringify(c.body).includes('▌'));
    // 12 pieces over ~300 ms with a 100 ms interval: a handful of previews, not one per piece.
    expect(previews.length).toBeGreaterThanOrEqual(2);
    expect(previews.length).toBeLessThanOrEqual(5);
    expect(edits.at(-1)).toBe(done);
    expect(JSON.stringify(done.body)).toContain('Sentence 11');
  });

  it('splits a long answer across messages within Discord limits, never mid-word', async () => {
    const pieces = Array.from({ length: 160 }, (_, i) => sentence(i) + (i % 10 === 9 ? '\n\n' : ''));
    h = await Harness.start({ ingest: true, engine: new FakeStreamingEngine(pieces, 0) });
    h.fake.userMessage({ channelId: h.channelId, content: 'What does Putin want?', mentionBot: true });
    await h.fake.waitFor((c) => JSON.stringify(c.body ?? {}).includes('Sentence 159'));
    const sends = contentCalls(h.fake.calls).filter(
      (s) => s.call.path === `/channels/${h!.channelId}/messages`,
    );
    expect(sends.length).toBeGreaterThan(1);
    const text: string[] = [];
    for (const { payload } of sends) {
      const content = String(payload.content ?? '');
      expect(content.length).toBeLessThanOrEqual(2000);
      const embeds = (payload.embeds ?? []) as {
        description?: string;
        fields?: { name: string; value: string }[];
      }[];
      const total = embeds.reduce(
        (n, e) =>
          n +
          (e.description?.length ?? 0) +
          (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
        0,
      );
      expect(total).toBeLessThanOrEqual(6000);
      for (const e of embeds) expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
      text.push(content, ...embeds.map((e) => e.description ?? ''));
    }
    // Every chunk ends at a sentence or paragraph boundary.
    for (const chunk of text.filter(Boolean)) expect(chunk).toMatch(/(\]\.|\.)$|Sources|-#/);
    expect(sends[0]?.payload.message_reference).toBeTruthy();
  });
});
