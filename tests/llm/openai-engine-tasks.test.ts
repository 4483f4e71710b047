import { afterEach, describe, expect, it } from 'vitest';
import type { BriefingSourceInput } from '../../src/llm/engine.ts';
import type { RawAnalysis } from '../../src/llm/grounding-schemas.ts';
import { splitByTokenBudget } from '../../src/llm/openai/split-article.ts';
import { json } from '../fakes/fake-openai-server.ts';
import { type Rig, SHORT_ANALYSIS, SHORT_ARTICLE, startRig } from './helpers.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.fake.close();
  rig = undefined;
});

/** 40 sentences in 8 paragraphs, each sentence naming one of two people. */
const LONG = {
  title: 'A long article',
  sentences: Array.from({ length: 40 }, (_, i) => ({
    text: `${i % 2 ? 'Anna Berg' : 'Carl Dunn'} said the plan number ${i} would ${'really '.repeat(20)}work.`,
    paragraph: Math.floor(i / 5),
  })),
};

/** Answers each part with an analysis of its own first sentence, read from the prompt. */
function partAnalysis(content: string): RawAnalysis {
  const numbers = [...content.matchAll(/^\[(\d+)\]/gm)].map((m) => Number(m[1]));
  const first = numbers[0]!;
  return {
    summary: `Carl Dunn said plan number ${first} would work.`,
    keyPoints: [{ text: `Plan number ${first} would work.`, sentences: [first] }],
    actors: [
      {
        name: 'Anna Berg',
        type: 'person',
        aliases: ['Berg'],
        roles: first === 0 ? ['planner'] : ['speaker'],
      },
      { name: 'Carl Dunn', type: 'person', aliases: [], roles: [] },
    ],
    quotes: [],
    relations: [{ subject: 'Berg', kind: 'allied-with', object: 'Dunn', sentence: first }],
  };
}

describe('long articles', () => {
  it('splits by token budget at paragraph breaks, numbering sentences article-wide', () => {
    const parts = splitByTokenBudget(LONG.sentences, 400);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.sentences.map((s) => s.n))).toEqual(LONG.sentences.map((_, i) => i));
    for (const p of parts.slice(1)) expect(p.sentences[0]!.n % 5).toBe(0);
  });

  it('analyses each part (each cached), merges actors by normalised name, keeps the first summary', async () => {
    rig = await startRig((body) => json(partAnalysis(body.messages[1]!.content)), { maxInputTokens: 1800 });
    const analysis = await rig.engine.analyseArticle(LONG);
    const parts = rig.fake.requests.length;
    expect(parts).toBeGreaterThan(1);
    expect(rig.fake.requests[1]!.messages[1]!.content).toMatch(new RegExp(`part="2/${parts}"`));
    expect(analysis.summary).toBe('Carl Dunn said plan number 0 would work.');
    expect(analysis.keyPoints).toHaveLength(parts);
    expect(analysis.actors.map((a) => a.name).sort()).toEqual(['Anna Berg', 'Carl Dunn']);
    const anna = analysis.actors.find((a) => a.name === 'Anna Berg')!;
    expect(anna.roles).toEqual(['planner', 'speaker']);
    expect(anna.mentions).toHaveLength(20);
    expect(analysis.relations).toHaveLength(1);
    await rig.engine.analyseArticle(LONG);
    expect(rig.fake.requests).toHaveLength(parts);
    expect(rig.usage.of('hit')).toHaveLength(parts);
  });
});

describe('composeBriefing', () => {
  const source = (sourceNo: number): BriefingSourceInput => ({
    sourceNo,
    articleId: sourceNo * 10,
    title: `${SHORT_ARTICLE.title} ${sourceNo}`,
    analysis: {
      producer: 'test',
      summary: `Summary ${sourceNo}: the leaders met.`,
      summarySentences: [],
      keyPoints: [{ text: `Key point of ${sourceNo}.`, sentences: [0] }],
      actors: [],
      quotes: [],
      relations: [],
    },
    sentences: SHORT_ARTICLE.sentences.map((s) => `${s.text} RAW-SENTENCE-${sourceNo}`),
  });
  const input = { topic: 'Belarus', length: 'short' as const, sources: [source(1), source(2)] };

  it('sends analyses, not raw articles, and grounds citations', async () => {
    rig = await startRig(() =>
      json({
        overview: { text: 'Putin and Lukashenko met [1][7].', sources: [1, 9] },
        keyPoints: [
          { text: 'Lukashenko said they are “allies for ever”.', sources: [2] },
          { text: 'Lukashenko resigned in 2021.', sources: [1] },
          { text: 'The leaders met in Sochi.', sources: [2, 3] },
          { text: '', sources: [1] },
          { text: 'Putin met Lukashenko.', sources: [1] },
          { text: 'Putin met Lukashenko in Sochi.', sources: [1] },
        ],
      }),
    );
    const draft = await rig.engine.composeBriefing(input, { tenant: 't' });
    const content = rig.fake.requests[0]!.messages[1]!.content;
    expect(content).toContain('Summary 1: the leaders met.');
    expect(content).toContain('<topic>Belarus</topic>');
    expect(content).not.toContain('RAW-SENTENCE');
    expect(draft.overview).toEqual({ text: 'Putin and Lukashenko met.', sources: [1] });
    // Claims the cited source does not support (a year it never gives) are dropped, not shown.
    expect(draft.keyPoints).toEqual([
      { text: 'Lukashenko said they are allies for ever (paraphrase).', sources: [2] },
      { text: 'The leaders met in Sochi.', sources: [2] },
      { text: 'Putin met Lukashenko.', sources: [1] },
    ]);
  });

  it('is cached by the analyses, topic and length', async () => {
    rig = await startRig(() => json({ overview: { text: 'The leaders met.', sources: [1] }, keyPoints: [] }));
    await rig.engine.composeBriefing(input);
    await rig.engine.composeBriefing(input);
    await rig.engine.composeBriefing({ ...input, length: 'long' });
    await rig.engine.composeBriefing({ ...input, topic: 'Russia' });
    expect(rig.fake.requests).toHaveLength(3);
  });

  it('makes no request without sources', async () => {
    rig = await startRig(() => json(SHORT_ANALYSIS));
    expect(await rig.engine.composeBriefing({ length: 'short', sources: [] })).toEqual({
      overview: { text: '', sources: [] },
      keyPoints: [],
    });
    expect(rig.fake.requests).toHaveLength(0);
  });
});
