import { afterEach, describe, expect, it } from 'vitest';
import { PROMPTS } from '../../src/llm/openai/prompts.ts';
import { type ChatRequestBody, delay, json, taskOf } from '../fakes/fake-openai-server.ts';
import {
  ANSWER_INPUT,
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

/** Answers analyse requests with the short analysis and answer requests with a supported answer. */
const byTask = (body: ChatRequestBody) =>
  json(taskOf(body) === 'article_analysis' ? SHORT_ANALYSIS : SUPPORTED_ANSWER);

describe('OpenAiEngine caching (KeyvLlmCache, in memory)', () => {
  it('serves a second identical analyse and answer from the cache: no second request', async () => {
    rig = await startRig(byTask);
    const first = await rig.engine.analyseArticle(SHORT_ARTICLE, { tenant: 't1' });
    const second = await rig.engine.analyseArticle(SHORT_ARTICLE, { tenant: 't1' });
    expect(second).toEqual(first);
    await rig.engine.answer(ANSWER_INPUT, { tenant: 't1' });
    const again = await rig.engine.answer(ANSWER_INPUT, { tenant: 't1' });
    expect(rig.fake.requests).toHaveLength(2);
    expect(again.supported).toBe(true);
    expect(rig.usage.of('miss').map((e) => e.task)).toEqual(['analyse', 'answer']);
    expect(rig.usage.of('hit').map((e) => e.task)).toEqual(['analyse', 'answer']);
  });

  it('grounds the analysis it returns: producer names model and prompt version, quote verified', async () => {
    rig = await startRig(byTask);
    const analysis = await rig.engine.analyseArticle(SHORT_ARTICLE);
    expect(analysis.producer).toBe(`openai:fake-model#${PROMPTS.analyse.version}`);
    expect(analysis.quotes).toEqual([
      { text: 'We are allies', speaker: 'Alexander Lukashenko', sentenceIndex: 1 },
    ]);
    expect(rig.usage.events.every((e) => e.tenant === 'unknown')).toBe(true);
  });

  it('misses after a prompt version bump', async () => {
    rig = await startRig(byTask);
    await rig.engine.analyseArticle(SHORT_ARTICLE);
    const bumped = rig.engineWith({
      prompts: { ...PROMPTS, analyse: { ...PROMPTS.analyse, version: 'analyse-test-2' } },
    });
    await bumped.analyseArticle(SHORT_ARTICLE);
    expect(rig.fake.requests).toHaveLength(2);
  });

  it('misses for another model, and sends that model', async () => {
    rig = await startRig(byTask);
    await rig.engine.answer(ANSWER_INPUT);
    const other = rig.engineWith({ model: 'other-model' });
    expect(other.id).toBe('openai:other-model');
    await other.answer(ANSWER_INPUT);
    expect(rig.fake.requests.map((r) => r.model)).toEqual(['fake-model', 'other-model']);
  });

  it('misses when the passages or the history change', async () => {
    rig = await startRig(byTask);
    await rig.engine.answer(ANSWER_INPUT);
    await rig.engine.answer({ ...ANSWER_INPUT, history: [{ role: 'user', text: 'Who is Putin?' }] });
    await rig.engine.answer({ ...ANSWER_INPUT, passages: ANSWER_INPUT.passages.slice(0, 2) });
    expect(rig.fake.requests).toHaveLength(3);
  });

  it('single-flight: five concurrent identical answers make one request', async () => {
    rig = await startRig(() => delay(100, json(SUPPORTED_ANSWER)));
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => rig!.engine.answer(ANSWER_INPUT, { tenant: `t${i}` })),
    );
    expect(rig.fake.requests).toHaveLength(1);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(rig.usage.of('call')).toHaveLength(1);
    expect(rig.usage.of('hit')).toHaveLength(4);
  });
});

describe('usage accounting', () => {
  it('charges each call and each cache lookup to the tenant that asked, with the API’s token counts', async () => {
    rig = await startRig(() => json(SUPPORTED_ANSWER, { prompt_tokens: 321, completion_tokens: 45 }));
    await rig.engine.answer(ANSWER_INPUT, { tenant: 'guild-a' });
    await rig.engine.answer(ANSWER_INPUT, { tenant: 'guild-b' });
    expect(rig.usage.events).toEqual([
      {
        tenant: 'guild-a',
        task: 'answer',
        model: 'fake-model',
        kind: 'call',
        promptTokens: 321,
        completionTokens: 45,
      },
      { tenant: 'guild-a', task: 'answer', model: 'fake-model', kind: 'miss' },
      { tenant: 'guild-b', task: 'answer', model: 'fake-model', kind: 'hit' },
    ]);
  });

  it('makes no request and charges nothing for an answer without passages', async () => {
    rig = await startRig(() => json(SUPPORTED_ANSWER));
    const draft = await rig.engine.answer({ ...ANSWER_INPUT, passages: [] }, { tenant: 'x' });
    expect(draft).toMatchObject({ supported: false, cited: [] });
    expect(rig.fake.requests).toHaveLength(0);
    expect(rig.usage.events).toHaveLength(0);
  });
});
