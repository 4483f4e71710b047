/**
 * A corpus of any size made from the 2,225 BBC articles: copy k of an article joins quarters of
 * four articles, some people's first names changed (so the server meets new people who share
 * surnames, as a real one does) and an edition line, so every copy is a distinct story, not a
 * near-duplicate of another. Built at bench time from ../shared/datasets; never committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceArticle {
  title: string;
  text: string;
}

const FIRST_NAMES = [
  'John',
  'David',
  'Michael',
  'Peter',
  'James',
  'Robert',
  'Mark',
  'Paul',
  'Richard',
  'Andrew',
  'Tony',
  'Gordon',
  'Bill',
  'George',
  'Tom',
  'Chris',
  'Steve',
  'Simon',
  'Ian',
  'Alan',
  'Sarah',
  'Anne',
  'Mary',
  'Helen',
  'Claire',
  'Susan',
  'Jane',
  'Laura',
  'Emma',
  'Kate',
];
const FIRST = new Set(FIRST_NAMES);
const FULL_NAME = /\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b/g;

/** Strides picking the three articles a copy borrows from (primes, so the partners differ per copy). */
const PARTNER_STRIDES = [733, 1447, 1979];

/**
 * Copy `index` of the corpus: article index mod 2,225, varied by index div 2,225 (copy 0 is the
 * original). A later copy joins a quarter of its article's sentences to a quarter of each of three
 * others', renames some people and adds an edition line. Rotating one article's paragraphs, as
 * copies were first made, kept most of its word triples: the near-duplicate detector rightly
 * merged them into the original, and the bench measured merging instead of the pipeline. Two
 * copies now share at most a quarter of their text (estimated Jaccard 0.1 to 0.3, under the 0.4
 * of a near-duplicate).
 */
export function variantArticle(sources: SourceArticle[], index: number): SourceArticle {
  const source = sources[index % sources.length]!;
  const copy = Math.floor(index / sources.length);
  if (copy === 0) return source;
  const picks = [index, ...PARTNER_STRIDES.map((stride) => index + copy * stride)];
  // By sentences, not paragraphs: many of the articles have only a few paragraphs.
  const paragraphs = picks.map((pick, part) =>
    quarter(sentencesOf(sources[pick % sources.length]!.text), (copy + part) % 4).join(' '),
  );
  let n = 0;
  const renamed = paragraphs.join('\n\n').replace(FULL_NAME, (whole, first: string, last: string) => {
    n++;
    // About half of the people in a copy are someone else with the same surname.
    if (!FIRST.has(first) || (copy + n + last.length) % 2 === 0) return whole;
    return `${FIRST_NAMES[(copy * 7 + last.length + n) % FIRST_NAMES.length]} ${last}`;
  });
  return {
    title: `${source.title} (edition ${copy + 1})`,
    text: `${renamed}\n\nThis is edition ${copy + 1} of the report, number ${index + 1} in the series.`,
  };
}

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?]["”]?)\s+/).filter((p) => p.trim());
}

/** The `which`-th quarter (0 to 3) of a list; never empty for a non-empty list. */
function quarter<T>(items: T[], which: number): T[] {
  const from = Math.min(items.length - 1, Math.floor((which * items.length) / 4));
  const to = Math.max(from + 1, Math.floor(((which + 1) * items.length) / 4));
  return items.slice(from, to);
}

/** Writes `count` articles as .txt files with front matter, 1,000 to a folder. */
export function writeCorpus(sources: SourceArticle[], count: number, dir: string): void {
  for (let i = 0; i < count; i++) {
    const folder = join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) mkdirSync(folder, { recursive: true });
    const a = variantArticle(sources, i);
    const title = a.title.replace(/\s+/g, ' ');
    writeFileSync(
      join(folder, `${String(i).padStart(6, '0')}.txt`),
      `---\ntitle: ${title}\n---\n${a.text}\n`,
    );
  }
}
