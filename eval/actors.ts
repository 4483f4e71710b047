/**
 * Actor extraction against the hand-made gold lists: an extracted actor is right when its name or
 * one of its aliases is a gold actor's name or alias (normalised as the store normalises them);
 * names the annotator marked as neither right nor wrong ("ignore") are left out of the counts.
 */
import { extractActors } from '../src/actors/extract.ts';
import { normaliseAlias } from '../src/actors/normalise.ts';
import { cleanArticleText } from '../src/text/clean.ts';
import { splitSentences } from '../src/text/sentences.ts';
import type { GoldActor, SplitData } from './annotations.ts';

export interface ActorScores {
  articles: number;
  extracted: number;
  right: number;
  /** right / extracted (ignored names excluded). */
  precision: number;
  /** Gold actors found under any type. */
  recall: number;
  personPrecision: number;
  personRecall: number;
  /** Extracted actors that matched no gold actor, with their article and type. */
  wrong: string[];
  /** Gold people not found as people. */
  missedPeople: string[];
}

/** Scores the extractor on every annotated article of a split. */
export function runActors(data: SplitData): ActorScores {
  let extracted = 0;
  let right = 0;
  let goldTotal = 0;
  let goldFound = 0;
  let personExtracted = 0;
  let personRight = 0;
  let goldPeople = 0;
  let goldPeopleFound = 0;
  const wrong: string[] = [];
  const missedPeople: string[] = [];
  for (const article of data.articles) {
    const gold = data.actors.get(article.ref);
    if (!gold) continue;
    const ignore = new Set((data.ignore.get(article.ref) ?? []).map(normaliseAlias));
    const keysOf = (g: GoldActor) => [g.name, ...(g.aliases ?? [])].map(normaliseAlias);
    const goldByKey = new Map<string, GoldActor>();
    for (const g of gold) for (const k of keysOf(g)) if (!goldByKey.has(k)) goldByKey.set(k, g);
    const result = extractActors(article.title, splitSentences(cleanArticleText(article.text)));
    const found = new Map<GoldActor, Set<string>>();
    for (const actor of result.actors) {
      const keys = [actor.name, ...actor.aliases].map(normaliseAlias);
      const match =
        goldByKey.get(normaliseAlias(actor.name)) ?? keys.map((k) => goldByKey.get(k)).find(Boolean);
      if (!match && keys.some((k) => ignore.has(k))) continue;
      extracted++;
      if (actor.type === 'person') personExtracted++;
      if (!match) {
        wrong.push(`${article.ref}: ${actor.name} (${actor.type})`);
        continue;
      }
      right++;
      if (actor.type === 'person' && match.type === 'person') personRight++;
      const types = found.get(match) ?? new Set<string>();
      types.add(actor.type);
      found.set(match, types);
    }
    for (const g of gold) {
      goldTotal++;
      if (found.has(g)) goldFound++;
      if (g.type !== 'person') continue;
      goldPeople++;
      if (found.get(g)?.has('person')) goldPeopleFound++;
      else missedPeople.push(`${article.ref}: ${g.name}`);
    }
  }
  const ratio = (a: number, b: number) => (b ? a / b : 0);
  return {
    articles: data.actors.size,
    extracted,
    right,
    precision: ratio(right, extracted),
    recall: ratio(goldFound, goldTotal),
    personPrecision: ratio(personRight, personExtracted),
    personRecall: ratio(goldPeopleFound, goldPeople),
    wrong,
    missedPeople,
  };
}
