import type { ActorType } from '../../core/types.ts';
import { SPEECH_VERB_PATTERN } from '../../text/lexicon.ts';
import type { PassageActor } from '../engine.ts';
import { answerTypeStrength } from './answer-cues.ts';
import { termOf } from './answer-terms.ts';

/** An article's actor names by type, longest first. */
type NamesByType = Record<ActorType, string[]>;

/**
 * A sentence's evidence of naming who did something: 1 for a name its article's analysis typed a
 * person or an organisation ("who concluded…" is often answered by a watchdog, not a person).
 */
export type PersonEvidence = (text: string, articleId: number) => number;

/**
 * How much weaker a capitalised word counts when analysis read the article and found no one by
 * that name: it is more likely a product, an event or a title the extractor left out.
 */
const UNTYPED_SHARE = 0.6;
/** An organisation answers "who" less surely than a person ("who rejected…?": "Polish MEPs", not "the EU"). */
const ORGANISATION_SHARE = 0.7;
/** A name that is only the source of its sentence reports what someone else did. */
const ATTRIBUTED_SHARE = 0.2;
/** A name standing as the source of the sentence ("Grisham said…", "…, said Grisham"). */
const SPEAKER_AFTER_RE = new RegExp(`^\\s*(?:has |have |had )?(?:${SPEECH_VERB_PATTERN})\\b`, 'iu');
const SPEAKER_BEFORE_RE = new RegExp(`\\b(?:${SPEECH_VERB_PATTERN})\\s*$`, 'iu');
/** An all-capitals word ("PC", "NATO") is an acronym, not someone's name; "MEPs" and "MPs" are people. */
const ACRONYM_RE = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu;

/**
 * Person evidence read from the types analysis gave each article's actors at ingest, where the
 * capital-letter cues alone take "PC" or "Super Bowl" for a name. Without those types (another
 * engine's input, an article stored before them) the cues decide alone.
 * @param exclude the question's own names: naming them does not answer "who".
 * @param asked the names and aliases of the actors asked about, never evidence of someone else.
 * @param asksSpeaker the question asks who said, warned or concluded something: then the one a
 * sentence is attributed to is the answer, where otherwise ("who introduced the petition?") the
 * source of a report is not the doer it reports.
 */
export function personEvidence(
  known: ReadonlyMap<number, readonly PassageActor[]> | undefined,
  exclude: RegExp | null,
  asked: readonly string[],
  asksSpeaker: boolean,
): PersonEvidence {
  const askedKeys = new Set(asked.map((n) => n.trim().toLowerCase()));
  // Names are found with indexOf, not one regex of an article's names: compiling those alternations
  // was most of an answer's time on a first question about a large server.
  const names = new Map<number, NamesByType>();
  const namesOf = (articleId: number): NamesByType => {
    let byType = names.get(articleId);
    if (!byType) {
      const actors = known?.get(articleId) ?? [];
      const of = (type: ActorType) =>
        [...new Set(actors.filter((a) => a.type === type).flatMap(namesWritten))]
          .filter((n) => n.length > 1 && !askedKeys.has(n.toLowerCase()))
          .sort((a, b) => b.length - a.length);
      byType = { person: of('person'), organisation: of('organisation'), place: of('place') };
      names.set(articleId, byType);
    }
    return byType;
  };
  return (text, articleId) => {
    if (!known?.has(articleId)) return answerTypeStrength(text, 'person', exclude);
    const rest = exclude ? text.replace(exclude, ' ') : text;
    const byType = namesOf(articleId);
    let best = 0;
    for (const [type, share] of [
      ['person', 1],
      ['organisation', ORGANISATION_SHARE],
    ] as const) {
      for (const hit of findNames(rest, byType[type])) {
        const source =
          SPEAKER_AFTER_RE.test(rest.slice(hit.end)) || SPEAKER_BEFORE_RE.test(rest.slice(0, hit.start));
        best = Math.max(best, asksSpeaker || !source ? share : ATTRIBUTED_SHARE);
      }
    }
    if (best > 0) return best;
    let untyped = rest;
    for (const hit of findNames(rest, [...byType.person, ...byType.organisation, ...byType.place]))
      untyped = `${untyped.slice(0, hit.start)}${' '.repeat(hit.end - hit.start)}${untyped.slice(hit.end)}`;
    return UNTYPED_SHARE * answerTypeStrength(untyped.replace(ACRONYM_RE, ' '), 'person', null);
  };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where the names stand in the text as whole words, case as written. */
function findNames(text: string, names: readonly string[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const name of names) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
      const end = i + name.length;
      if (!WORD_CHAR.test(text[i - 1] ?? ' ') && !WORD_CHAR.test(text[end] ?? ' '))
        out.push({ start: i, end });
    }
  }
  return out;
}

/** "…was introduced by Republican Mike Coffman": a word, "by", then a capitalised name. */
const BY_AGENT_RE = /([\p{Ll}-]+)\s+by\s+(?:the\s+)?\p{Lu}/gu;

/**
 * Whether the sentence names the doer of the question's own act in the passive ("who introduced
 * the petition?" → "That petition was introduced by Mike Coffman"): the name after "by" is the
 * answer, where a name elsewhere in the sentence may be its source or its object.
 */
export function namesAgentOf(text: string, focus: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(BY_AGENT_RE)) if (focus.has(termOf(m[1]!.toLowerCase()))) return true;
  return false;
}

/** A person is written by full name and later by surname alone ("Mike Coffman", "Coffman"). */
function namesWritten(actor: PassageActor): string[] {
  const surname = actor.type === 'person' ? actor.name.split(/\s+/).at(-1) : undefined;
  return surname && surname !== actor.name && /^\p{Lu}\p{L}{2,}/u.test(surname)
    ? [actor.name, surname]
    : [actor.name];
}
