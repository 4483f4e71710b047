import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/briefing/answer-question.ts';
import { buildBriefing } from '../../src/briefing/build-briefing.ts';
import { foundingServices } from '../helpers/founding-services.ts';

type Ctx = Awaited<ReturnType<typeof foundingServices>>;

describe('buildBriefing on the founding article', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await foundingServices();
  });
  afterAll(() => ctx.store.close());

  it('gives an overview, key points, actors with roles and one numbered source, all cited', async () => {
    const b = await buildBriefing(ctx, 'guild-a', { length: 'standard', conversationId: 'brief-1' });
    expect(b).toBeDefined();
    expect(b!.overview.text.startsWith('Russian President Vladimir Putin is tightening his embrace')).toBe(
      true,
    );
    expect(b!.overview.sources).toEqual([1]);
    expect(b!.keyPoints.length).toBe(5);
    for (const point of b!.keyPoints) expect(point.sources).toEqual([1]);
    expect(b!.keyPoints.map((p) => p.text)).not.toContain(b!.overview.text);
    expect(b!.actors.slice(0, 2).map((a) => [a.name, a.role])).toEqual([
      ['Alexander Lukashenko', 'Belarusian ruler'],
      ['Vladimir Putin', 'Russian President'],
    ]);
    expect(b!.sources).toEqual([expect.objectContaining({ n: 1, articleId: ctx.articleId })]);
    expect(JSON.stringify(b)).not.toMatch(/SPUTNIK|subscrib|quality journalism/i);
  });

  it('opens a topic briefing with what the article says about the topic', async () => {
    const b = await buildBriefing(ctx, 'guild-a', {
      topic: 'sanctions',
      length: 'short',
      conversationId: 'brief-2',
    });
    expect(b!.overview.text).toContain('threatened sanctions');
    expect(b!.keyPoints).toHaveLength(3);
  });

  it('returns nothing for a topic no article matches, and nothing for another tenant', async () => {
    expect(
      await buildBriefing(ctx, 'guild-a', { topic: 'volcano', length: 'short', conversationId: 'x' }),
    ).toBeUndefined();
    expect(await buildBriefing(ctx, 'guild-z', { length: 'short', conversationId: 'x' })).toBeUndefined();
  });

  it('lets "he" right after a briefing mean its most important person', async () => {
    await buildBriefing(ctx, 'guild-a', { length: 'short', conversationId: 'brief-3' });
    const answer = await answerQuestion(ctx, 'guild-a', {
      question: 'How old is he?',
      conversationId: 'brief-3',
    });
    expect(answer.actors).toEqual(['Alexander Lukashenko']);
    expect(answer.text).toMatch(/66/);
  });
});
