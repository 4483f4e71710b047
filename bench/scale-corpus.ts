/**
 * A corpus of any size made from the 2,225 BBC articles: copy k of an article has its paragraphs
 * rotated, some people's first names changed (so the server meets new people who share surnames,
 * as a real one does) and an edition line, so every copy is a distinct article with distinct
 * content. Built at bench time from ../shared/datasets; never committed.
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

/** Copy `index` of the corpus: article index mod 2,225, varied by index div 2,225 (copy 0 is the original). */
export function variantArticle(sources: SourceArticle[], index: number): SourceArticle {
  const source = sources[index % sources.length]!;
  const copy = Math.floor(index / sources.length);
  if (copy === 0) return source;
  const paragraphs = source.text.split(/\n\s*\n/).filter((p) => p.trim());
  const shift = copy % Math.max(1, paragraphs.length);
  const rotated = [...paragraphs.slice(shift), ...paragraphs.slice(0, shift)];
  let n = 0;
  const renamed = rotated.join('\n\n').replace(FULL_NAME, (whole, first: string, last: string) => {
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
