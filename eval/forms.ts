/**
 * Country and organisation forms that must survive extraction whole ("US", "United Nations"):
 * in how many BBC articles each occurs, and in how many the extractor lists an actor by it.
 */

import { readJsonl } from '../bench/datasets.ts';
import { extractActors } from '../src/actors/extract.ts';
import { normaliseAlias } from '../src/actors/normalise.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { splitSentences } from '../src/text/sentences.ts';

export const FORMS = [
  'US',
  'UK',
  'UN',
  'EU',
  'United States',
  'United Nations',
  'Czech Republic',
  'European Union',
];

export interface FormCount {
  form: string;
  /** Articles whose text has the form as a whole, case-sensitive word. */
  articles: number;
  /** Of those, articles where an extracted actor has the form among its names. */
  extracted: number;
}

/** Counts over the whole BBC corpus (all categories: a recall check, not a tuning set). */
export function runForms(): FormCount[] | undefined {
  const bbc = readJsonl<{ title: string; text: string }>('bbc-news-2225.jsonl');
  if (!bbc) return undefined;
  const counts = FORMS.map((form) => ({
    form,
    re: new RegExp(`(?<![\\p{L}\\p{N}.])${form.replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u'),
    key: normaliseAlias(form),
    articles: 0,
    extracted: 0,
  }));
  for (const row of bbc) {
    const present = counts.filter((c) => c.re.test(`${row.title}\n${row.text}`));
    if (present.length === 0) continue;
    const { actors } = extractActors(row.title, splitSentences(cleanArticleText(row.text)));
    const keys = new Set(actors.flatMap((a) => [a.name, ...a.aliases].map(normaliseAlias)));
    for (const c of present) {
      c.articles++;
      if (keys.has(c.key)) c.extracted++;
    }
  }
  return counts.map(({ form, articles, extracted }) => ({ form, articles, extracted }));
}
