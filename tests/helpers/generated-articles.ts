import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prose } from './pathological-texts.ts';

/** Writes `count` distinct generated articles (`article-0001.txt`…) into `dir`, with a title each. */
export function writeGeneratedArticles(dir: string, count: number, chars = 1500): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `article-${String(i).padStart(4, '0')}.txt`);
    writeFileSync(path, `---\ntitle: Generated report ${i}\n---\n${distinct(prose(chars, i + 1), i)}\n`);
    paths.push(path);
  }
  return paths;
}

/**
 * Template prose shares most of its word triples between articles, which the near-duplicate
 * detector rightly merges; marking the longer words with the article's number keeps every
 * generated article a story of its own.
 */
function distinct(text: string, i: number): string {
  return text.replace(/\b([a-z]{5,})\b/g, `$1q${i}`);
}
