import { answerQuestion } from '../src/briefing/answer-question.ts';
import { ingestArticle } from '../src/briefing/ingest-article.ts';
import { searchTerms } from '../src/briefing/search-terms.ts';
import type { Services } from '../src/briefing/services.ts';
import { FakeClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { OfflineEngine } from '../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../src/store/store-services.ts';
import { holdsGold, type SplitData } from './annotations.ts';

const TENANT = 'eval';

export interface QaCase {
  article: string;
  phrasing: 'plain' | 'rephrased';
  question: string;
  answerable: boolean;
  /** Right answer (answerable) or a refusal (unanswerable). */
  right: boolean;
  baselineRight: boolean;
  supported: boolean;
  answer: string;
}

export interface QaResult {
  cases: QaCase[];
  answerable: Record<'plain' | 'rephrased', { n: number; right: number; bm25: number }>;
  unanswerable: Record<'plain' | 'rephrased', { n: number; refused: number; bm25Refused: number }>;
}

/** Builds the split's store and asks every question in both phrasings. */
export async function runQa(data: SplitData): Promise<QaResult> {
  const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
  const store = SqliteArticleStore.open({ path: ':memory:', clock });
  const services: Services = {
    ...storeServices(store.backend(), { engine: new OfflineEngine(), clock, logger: silentLogger }),
  };
  try {
    for (const a of data.articles) {
      const added = await ingestArticle(services, TENANT, { title: a.title, text: a.text });
      if (!added.ok) throw new Error(`${a.ref} was not stored: ${added.message}`);
    }
    const cases: QaCase[] = [];
    let conversation = 0;
    const ask = async (question: string) => {
      conversation++;
      const answer = await answerQuestion(services, TENANT, {
        question,
        conversationId: `eval-${conversation}`,
      });
      const top = await store.searchPassages(TENANT, { terms: searchTerms(question), limit: 1 });
      return { answer, top: top[0]?.text };
    };
    for (const q of data.questions) {
      for (const phrasing of ['plain', 'rephrased'] as const) {
        const { answer, top } = await ask(q[phrasing]);
        cases.push({
          article: q.article,
          phrasing,
          question: q[phrasing],
          answerable: true,
          right: answer.supported && holdsGold(answer.text, q.gold),
          baselineRight: top !== undefined && holdsGold(top, q.gold),
          supported: answer.supported,
          answer: answer.text,
        });
      }
    }
    for (const q of data.unanswerable) {
      for (const phrasing of ['plain', 'rephrased'] as const) {
        const { answer, top } = await ask(q[phrasing]);
        cases.push({
          article: q.article,
          phrasing,
          question: q[phrasing],
          answerable: false,
          right: !answer.supported,
          baselineRight: top === undefined,
          supported: answer.supported,
          answer: answer.text,
        });
      }
    }
    return summarise(cases);
  } finally {
    await store.close();
  }
}

function summarise(cases: QaCase[]): QaResult {
  const answerable = { plain: { n: 0, right: 0, bm25: 0 }, rephrased: { n: 0, right: 0, bm25: 0 } };
  const unanswerable = {
    plain: { n: 0, refused: 0, bm25Refused: 0 },
    rephrased: { n: 0, refused: 0, bm25Refused: 0 },
  };
  for (const c of cases) {
    if (c.answerable) {
      const a = answerable[c.phrasing];
      a.n++;
      a.right += c.right ? 1 : 0;
      a.bm25 += c.baselineRight ? 1 : 0;
    } else {
      const u = unanswerable[c.phrasing];
      u.n++;
      u.refused += c.right ? 1 : 0;
      u.bm25Refused += c.baselineRight ? 1 : 0;
    }
  }
  return { cases, answerable, unanswerable };
}
