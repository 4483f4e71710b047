/**
 * The hand-made held-out annotations (eval/data/*.json) and the dataset articles they point at.
 * Annotations hold only dataset ids and short gold strings; article text is read from
 * ../shared/datasets at run time and never copied into the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJsonl } from '../bench/datasets.ts';
import type { ActorType } from '../src/core/types.ts';

export type Split = 'dev' | 'test';

export interface GoldActor {
  name: string;
  type: ActorType;
  aliases?: string[];
}

export interface GoldQuestion {
  /** "bbc:tech/003" or "quail:n141". */
  article: string;
  plain: string;
  rephrased: string;
  /** Right when the answer contains any of these (case-insensitive, quotes and spaces normalised). */
  gold: string[];
}

export interface Unanswerable {
  article: string;
  plain: string;
  rephrased: string;
}

export interface EvalArticleRef {
  ref: string;
  title: string;
  text: string;
}

export interface SplitData {
  split: Split;
  articles: EvalArticleRef[];
  actors: Map<string, GoldActor[]>;
  ignore: Map<string, string[]>;
  questions: GoldQuestion[];
  unanswerable: Unanswerable[];
}

interface AnnotationFile {
  split: Split;
  source: 'bbc' | 'quail';
  articles: string[];
  actors: Record<string, GoldActor[]>;
  ignore?: Record<string, string[]>;
  questions: GoldQuestion[];
  unanswerable: Unanswerable[];
}

const DATA_DIR = resolve(import.meta.dirname, 'data');

/** Loads one split's annotations with the article texts, or the reason it cannot. */
export function loadSplit(split: Split): SplitData | string {
  const bbc = readJsonl<{ id: string; title: string; text: string }>('bbc-news-2225.jsonl');
  const quail = readJsonl<{ text_id: string; source_title: string; context: string }>(
    'quail-news-dev-540.jsonl',
  );
  if (!bbc || !quail) return 'the BBC or QuAIL dataset is missing from ../shared/datasets';
  const bbcById = new Map(bbc.map((r) => [r.id, { title: r.title, text: r.text }]));
  const quailById = new Map(quail.map((r) => [r.text_id, { title: r.source_title, text: r.context }]));
  const out: SplitData = {
    split,
    articles: [],
    actors: new Map(),
    ignore: new Map(),
    questions: [],
    unanswerable: [],
  };
  for (const file of readdirSync(DATA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const data = JSON.parse(readFileSync(resolve(DATA_DIR, file), 'utf8')) as AnnotationFile;
    if (data.split !== split) continue;
    const ref = (id: string) => `${data.source}:${id}`;
    const table = data.source === 'bbc' ? bbcById : quailById;
    for (const id of data.articles) {
      const row = table.get(id);
      if (!row) return `${file}: no ${data.source} article ${id}`;
      out.articles.push({ ref: ref(id), title: row.title, text: row.text });
    }
    for (const [id, actors] of Object.entries(data.actors)) out.actors.set(ref(id), actors);
    for (const [id, names] of Object.entries(data.ignore ?? {})) out.ignore.set(ref(id), names);
    out.questions.push(...data.questions.map((q) => ({ ...q, article: ref(q.article) })));
    out.unanswerable.push(...data.unanswerable.map((q) => ({ ...q, article: ref(q.article) })));
  }
  return out;
}

/** Normalises text for gold matching: curly quotes straight, spaces single, lower case. */
export function normaliseForMatch(text: string): string {
  return text
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** True when the text holds one of the gold strings. */
export function holdsGold(text: string, gold: readonly string[]): boolean {
  const t = normaliseForMatch(text);
  return gold.some((g) => t.includes(normaliseForMatch(g)));
}
