/**
 * What the engine is shown for a question, on real BBC politics articles (held-out data): the
 * passages naming the asked actor come first, even in a briefing's thread whose articles never
 * name them (the briefing only breaks ties); a pronoun reaches the engine resolved, without history.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS_DIR, readJsonl } from '../../bench/datasets.ts';
import { answerQuestion } from '../../src/briefing/answer-question.ts';
import { buildBriefing } from '../../src/briefing/build-briefing.ts';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import type { Services } from '../../src/briefing/services.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { AnswerInput, BriefingEngine } from '../../src/llm/engine.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';

const hasBbc = existsSync(resolve(DATASETS_DIR, 'bbc-news-2225.jsonl'));

/** The offline engine, remembering what each answer was given. */
class RecordingEngine extends OfflineEngine implements BriefingEngine {
  readonly inputs: AnswerInput[] = [];
  override answer(input: AnswerInput) {
    this.inputs.push(input);
    return super.answer(input);
  }
}

describe.skipIf(!hasBbc)('passages shown for a question (BBC politics)', () => {
  let services: Services;
  let engine: RecordingEngine;
  beforeAll(async () => {
    const politics = readJsonl<{ category: string; title: string; text: string }>(
      'bbc-news-2225.jsonl',
    )!.filter((a) => a.category === 'politics');
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const store = SqliteArticleStore.open({ path: ':memory:', clock });
    engine = new RecordingEngine();
    services = {
      ...storeServices(store.backend(), { engine, clock, logger: silentLogger }),
    };
    // Articles naming Patricia Hewitt, then newer ones that don't: the briefing covers the newer.
    const withHewitt = politics.filter((a) => a.text.includes('Patricia Hewitt')).slice(0, 2);
    const without = politics.filter((a) => !a.text.includes('Hewitt')).slice(0, 6);
    for (const [i, a] of [...withHewitt, ...without].entries()) {
      const r = await ingestArticle(services, 't', {
        title: a.title,
        text: a.text,
        publishedAt: `2005-02-${String(i + 1).padStart(2, '0')}`,
      });
      if (!r.ok) throw new Error(r.message);
    }
  });
  afterAll(() => services.store.close());

  it('a briefing thread does not push passages naming the asked actor down', async () => {
    const briefing = await buildBriefing(services, 't', { length: 'standard', conversationId: 'thread' });
    expect(briefing?.sources.some((s) => /Hewitt/.test(s.title))).toBe(false);
    await answerQuestion(services, 't', { question: 'Who is Patricia Hewitt?', conversationId: 'thread' });
    const shown = engine.inputs.at(-1)!.passages;
    expect(shown[0]!.text).toMatch(/Hewitt/);
    expect(shown[0]!.sourceNo).toBe(1);
  });

  it('a follow-up reaches the engine with its pronoun resolved and no history', async () => {
    await answerQuestion(services, 't', { question: 'Who is Patricia Hewitt?', conversationId: 'follow' });
    await answerQuestion(services, 't', { question: 'What did she say?', conversationId: 'follow' });
    const input = engine.inputs.at(-1)!;
    expect(input.question).toBe('What did Patricia Hewitt say?');
    expect(input.history).toEqual([]);
    await answerQuestion(services, 't', { question: 'And Tony Blair?', conversationId: 'follow' });
    expect(engine.inputs.at(-1)!.question).toBe('And Tony Blair?');
  });

  it('the engine is given the types analysis found in each shown article when it reads them', async () => {
    await answerQuestion(services, 't', {
      question: 'Who criticised Patricia Hewitt?',
      conversationId: 'types',
    });
    const input = engine.inputs.at(-1)!;
    const shownArticles = new Set(input.passages.map((p) => p.articleId));
    expect(new Set(input.articleActors?.keys())).toEqual(shownArticles);
    const hewitt = [...(input.articleActors?.values() ?? [])]
      .flat()
      .find((a) => a.name === 'Patricia Hewitt');
    expect(hewitt?.type).toBe('person');
    // "Who is X?" is answered from X's own sentences: no read of the articles' actors.
    await answerQuestion(services, 't', { question: 'Who is Patricia Hewitt?', conversationId: 'types' });
    expect(engine.inputs.at(-1)!.articleActors).toBeUndefined();
  });
});

describe('copies of a story kept apart', () => {
  it('a sentence two stored copies share word for word reaches the engine once', async () => {
    const clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    const store = SqliteArticleStore.open({ path: ':memory:', clock });
    const engine = new RecordingEngine();
    const services = storeServices(store.backend(), { engine, clock, logger: silentLogger });
    try {
      const shared = 'The harbour board doubled the mooring fee on Monday.';
      const bodies = [
        `${shared} Fishermen said the rise would cost them their margins. The board meets again in June.`,
        `${shared} Ferry operators warned of higher fares for islanders. A review is due next year.`,
      ];
      for (const [i, text] of bodies.entries()) {
        const r = await ingestArticle(services, 't', { title: `Harbour fees ${i}`, text });
        if (!r.ok) throw new Error(r.message);
      }
      await answerQuestion(services, 't', { question: 'Who doubled the mooring fee?', conversationId: 'c' });
      const texts = engine.inputs.at(-1)!.passages.map((p) => p.text);
      expect(texts.filter((t) => t === shared)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
