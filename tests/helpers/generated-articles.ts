import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prose } from './pathological-texts.ts';

/** Writes `count` distinct generated articles (`article-0001.txt`…) into `dir`, with a title each. */
export function writeGeneratedArticles(dir: string, count: number, chars = 1500): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `article-${String(i).padStart(4, '0')}.txt`);
    writeFileSync(path, `---\ntitle: Generated report ${i}\n---\n${prose(chars, i + 1)}\n`);
    paths.push(path);
  }
  return paths;
}
