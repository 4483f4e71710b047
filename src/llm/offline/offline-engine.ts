import { extractActors } from '../../actors/extract.ts';
import type { ArticleAnalysis } from '../../core/types.ts';
import { isNotNews } from '../../text/not-news.ts';
import { contentTerms } from '../../text/tokens.ts';
import type {
  AnalyseInput,
  AnswerDraft,
  AnswerInput,
  BriefingDraft,
  BriefingEngine,
  BriefingInput,
  BriefingSourceInput,
  CitedText,
} from '../engine.ts';
import { answerFromPassages, asksWho } from './answer.ts';
import { rankAcrossArticles, selectKeyPoints, selectSummarySentences } from './summarise.ts';

/** Bumped whenever the rules change what an analysis contains, so stored analyses can be told apart. */
export const OFFLINE_ENGINE_VERSION = 1;

const SUMMARY_WORDS = 75;
/** Sentences analysed for actors, summary and key points: 20× the longest news article in the
 * evaluation sets (BBC's longest has 245), about 600 KB of prose. */
export const MAX_ANALYSED_SENTENCES = 5000;
/** Characters analysed, for texts of few but very long sentences (lists, text without full stops). */
export const MAX_ANALYSED_CHARS = 600_000;

/** The opening sentences within both analysis bounds (all of them for any real article). */
function analysedPrefix<T extends { text: string }>(sentences: T[]): T[] {
  let chars = 0;
  for (let i = 0; i < sentences.length; i++) {
    chars += sentences[i]!.text.length;
    if (i >= MAX_ANALYSED_SENTENCES || chars > MAX_ANALYSED_CHARS) return sentences.slice(0, Math.max(1, i));
  }
  return sentences;
}
const KEY_POINTS_PER_ARTICLE = 6;
const KEY_POINTS: Record<BriefingInput['length'], number> = { short: 3, standard: 5, long: 8 };
const OVERVIEW_WORDS: Record<BriefingInput['length'], number> = { short: 45, standard: 75, long: 110 };

/**
 * The embedded default engine: extractive summaries, rule-based actors, retrieval answers.
 * Deterministic and local; every sentence it outputs is a sentence of a source.
 */
export class OfflineEngine implements BriefingEngine {
  readonly id = `offline@${OFFLINE_ENGINE_VERSION}`;
  readonly extractive = true;

  async analyseArticle(input: AnalyseInput): Promise<ArticleAnalysis> {
    // A book-sized text is analysed on its opening sentences (all of it is still stored and
    // searchable): this bounds the time and memory of one analysis whatever the file holds.
    const sentences = analysedPrefix(input.sentences);
    const { actors, quotes, relations } = extractActors(input.title, sentences);
    const summarySentences = selectSummarySentences(input.title, sentences, {
      maxWords: SUMMARY_WORDS,
    });
    const keyPoints = selectKeyPoints(input.title, sentences, KEY_POINTS_PER_ARTICLE).map((i) => ({
      text: input.sentences[i]!.text,
      sentences: [i],
    }));
    return {
      producer: this.id,
      summary: summarySentences.map((i) => input.sentences[i]!.text).join(' '),
      summarySentences,
      keyPoints,
      actors,
      quotes,
      relations,
    };
  }

  async composeBriefing(input: BriefingInput): Promise<BriefingDraft> {
    const [lead] = input.sources;
    if (!lead) return { overview: { text: '', sources: [] }, keyPoints: [] };
    const overviewSentences = lead.analysis.summarySentences.length
      ? lead.analysis.summarySentences
      : selectSummarySentences(
          lead.title,
          lead.sentences.map((text) => ({ text, paragraph: 0 })),
          {
            maxWords: OVERVIEW_WORDS[input.length],
          },
        );
    const topicTerms = new Set(input.topic ? contentTerms(input.topic) : []);
    // A briefing on a topic opens with what the lead article says about it, then the article's gist.
    const onTopic =
      topicTerms.size > 0 ? lead.sentences.findIndex((s) => mentionsAny(s, topicTerms) && !isNotNews(s)) : -1;
    const opening =
      onTopic >= 0 && !overviewSentences.includes(onTopic)
        ? [onTopic, ...overviewSentences]
        : overviewSentences;
    const overviewIdx = withinWords(opening, lead.sentences, OVERVIEW_WORDS[input.length]).sort(
      (a, b) => a - b,
    );
    const overview: CitedText = {
      text: overviewIdx.map((i) => lead.sentences[i]).join(' '),
      sources: [lead.sourceNo],
    };
    const want = KEY_POINTS[input.length];
    const excluded = (s: BriefingSourceInput, i: number) =>
      (s === lead && overviewIdx.includes(i)) || isNotNews(s.sentences[i] ?? '');
    const picked = rankAcrossArticles(
      input.sources.map((s) => ({
        id: s.articleId,
        title: s.title,
        sentences: s.sentences,
        candidates: candidatesOf(s, topicTerms).filter((i) => !excluded(s, i)),
      })),
      want,
    );
    if (picked.length < want) {
      // Few articles, short key-point lists: top up from the other sentences rather than show fewer points.
      const used = new Set(picked.map((p) => `${p.articleId}:${p.sentenceIndex}`));
      picked.push(
        ...rankAcrossArticles(
          input.sources.map((s) => ({
            id: s.articleId,
            title: s.title,
            sentences: s.sentences,
            candidates: s.sentences.flatMap((_, i) =>
              excluded(s, i) || used.has(`${s.articleId}:${i}`) ? [] : [i],
            ),
          })),
          want - picked.length,
        ),
      );
    }
    const sourceNoOf = new Map(input.sources.map((s) => [s.articleId, s.sourceNo]));
    const sentencesOf = new Map(input.sources.map((s) => [s.articleId, s.sentences]));
    const keyPoints = picked.map((p) => ({
      text: sentencesOf.get(p.articleId)?.[p.sentenceIndex] ?? '',
      sources: [sourceNoOf.get(p.articleId) ?? 0],
    }));
    return { overview, keyPoints: keyPoints.filter((k) => k.text) };
  }

  async answer(input: AnswerInput): Promise<AnswerDraft> {
    return answerFromPassages(input);
  }

  readsArticleActors(question: string): boolean {
    return asksWho(question);
  }
}

/** Key-point candidates: the article's key points, plus, for a topic, the sentences that mention it. */
function candidatesOf(source: BriefingInput['sources'][number], topicTerms: Set<string>): number[] {
  const base = source.analysis.keyPoints.flatMap((k) => k.sentences);
  if (topicTerms.size === 0) return base;
  const onTopic = source.sentences.flatMap((s, i) =>
    contentTerms(s).some((t) => topicTerms.has(t)) ? [i] : [],
  );
  const ranked = [...new Set([...base.filter((i) => onTopic.includes(i)), ...onTopic, ...base])];
  return ranked;
}

function mentionsAny(sentence: string, terms: Set<string>): boolean {
  return contentTerms(sentence).some((t) => terms.has(t));
}

/** Keeps leading sentences while they fit the word budget (always at least one). */
function withinWords(indexes: number[], sentences: string[], maxWords: number): number[] {
  const out: number[] = [];
  let total = 0;
  for (const i of indexes) {
    const n = (sentences[i] ?? '').split(/\s+/).length;
    if (out.length > 0 && total + n > maxWords) break;
    out.push(i);
    total += n;
  }
  return out;
}
