import type { ArticleAnalysis, ExtractedActor, PreparedArticle } from '../../src/core/types.ts';
import { contentHash } from '../../src/text/hash.ts';
import { splitSentences } from '../../src/text/sentences.ts';

/** An analysis with nothing in it, for articles whose analysis a test does not look at. */
export function emptyAnalysis(): ArticleAnalysis {
  return {
    producer: 'test@1',
    summary: '',
    summarySentences: [],
    keyPoints: [],
    actors: [],
    quotes: [],
    relations: [],
  };
}

/** A PreparedArticle from paragraphs of text, split and hashed the way ingestion does. */
export function preparedArticle(
  title: string,
  paragraphs: string[],
  extra: Partial<Omit<PreparedArticle, 'title' | 'text' | 'sentences' | 'contentHash'>> = {},
): PreparedArticle {
  const text = paragraphs.join('\n\n');
  return {
    title,
    text,
    contentHash: contentHash(text),
    sentences: splitSentences(text),
    analysis: emptyAnalysis(),
    ...extra,
  };
}

/** An extracted actor with defaults for the fields a test does not care about. */
export function actor(name: string, extra: Partial<ExtractedActor> = {}): ExtractedActor {
  return {
    name,
    type: 'person',
    aliases: [name],
    roles: [],
    mentions: [0],
    actions: [],
    salience: 1,
    ...extra,
  };
}
