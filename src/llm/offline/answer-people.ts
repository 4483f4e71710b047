import type { ActorType } from '../../core/types.ts';
import { SPEECH_VERB_PATTERN } from '../../text/lexicon.ts';
import type { PassageActor } from '../engine.ts';

interface Matchers {
  person: RegExp | null;
  organisation: RegExp | null;
  place: RegExp | null;
}

import { aliasRegex } from './answer-actors.ts';
import { answerTypeStrength } from './answer-cues.ts';
import { termOf } from './answer-terms.ts';

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
  const matchers = new Map<number, Matchers>();
  const matchersOf = (articleId: number): Matchers => {
    let m = matchers.get(articleId);
    if (!m) {
      const actors = known?.get(articleId) ?? [];
      const namesOf = (type: ActorType) => {
        const names = actors
          .filter((a) => a.type === type)
          .flatMap(namesWritten)
          .filter((n) => n.trim().length > 1 && !askedKeys.has(n.trim().toLowerCase()));
        return names.length ? aliasRegex(names, 'gu') : null;
      };
      m = { person: namesOf('person'), organisation: namesOf('organisation'), place: namesOf('place') };
      matchers.set(articleId, m);
    }
    return m;
  };
  return (text, articleId) => {
    if (!known?.has(articleId)) return answerTypeStrength(text, 'person', exclude);
    const rest = exclude ? text.replace(exclude, ' ') : text;
    const m = matchersOf(articleId);
    let best = 0;
    for (const [re, share] of [
      [m.person, 1],
      [m.organisation, ORGANISATION_SHARE],
    ] as const) {
      for (const hit of re ? rest.matchAll(re) : []) {
        const source =
          SPEAKER_AFTER_RE.test(rest.slice(hit.index + hit[0].length)) ||
          SPEAKER_BEFORE_RE.test(rest.slice(0, hit.index));
        best = Math.max(best, asksSpeaker || !source ? share : ATTRIBUTED_SHARE);
      }
    }
    if (best > 0) return best;
    let untyped = rest;
    for (const re of [m.person, m.organisation, m.place]) if (re) untyped = untyped.replace(re, ' ');
    return UNTYPED_SHARE * answerTypeStrength(untyped.replace(ACRONYM_RE, ' '), 'person', null);
  };
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
