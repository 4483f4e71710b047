import { INGEST_LIMITS } from './limits.ts';

/** "harbour-budget_vote.txt" → "Harbour budget vote". */
export function titleFromFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? name).replace(/\.[^.]+$/, '');
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Untitled article';
}

/** The first sentence of a text, shortened, as a title for pasted text that has none. */
export function titleFromText(text: string): string | undefined {
  const first = text.trim().split(/\n/)[0]?.trim();
  if (!first) return undefined;
  const sentence = first.match(/^(.{10,}?[.!?])(\s|$)/)?.[1] ?? first;
  return shortenTitle(sentence.replace(/[.!?]$/, ''), 90);
}

/** Cuts a title at a word boundary so it never ends mid-word. */
export function shortenTitle(title: string, max: number = INGEST_LIMITS.maxTitleChars): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
