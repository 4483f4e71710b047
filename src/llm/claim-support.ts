/**
 * Does a cited sentence support a claim? A cheap, deterministic check run on every generated
 * sentence before anyone sees it: most of the claim's content words must be in the cited text,
 * and every number and name in the claim must be there too. It cannot prove a claim true; it
 * catches the claims that have nothing to do with what they cite (fabrications, an obeyed
 * injection, another article's facts).
 */
import { contentTerms, words } from '../text/tokens.ts';

/** Share of a claim's content words that the cited text must contain. */
const MIN_OVERLAP = 0.6;

/** Words that report speech or frame a claim; they carry no fact to check. */
const FRAMING = new Set(
  contentTerms(
    'told added stated claimed according article articles source sources report reported paraphrase quote quoted',
  ),
);

export interface SupportVerdict {
  supported: boolean;
  /** Why not, for logs: the numbers or names absent, or the overlap. */
  reason?: string | undefined;
}

/** Checks one claim against the texts it cites (already the cited sources' sentences). */
export function claimSupport(withCitations: string, cited: readonly string[]): SupportVerdict {
  const claim = withCitations.replace(/\[\d+(?:\s*,\s*\d+)*\]/g, ' ');
  const haystack = cited.join('\n');
  const hayWords = new Set(words(haystack).map(plain));
  const hayTerms = new Set(contentTerms(haystack));
  const NUMBER = /\d+(?:[.,]\d+)*/g;
  const hayNumbers = new Set(haystack.match(NUMBER) ?? []);
  const missingNumbers = (claim.match(NUMBER) ?? []).filter((n) => !hayNumbers.has(n));
  if (missingNumbers.length > 0) return { supported: false, reason: `numbers ${missingNumbers.join(', ')}` };
  const missingNames = namesIn(claim).filter((n) => !hayWords.has(n));
  if (missingNames.length > 0) return { supported: false, reason: `names ${missingNames.join(', ')}` };
  const terms = [...new Set(contentTerms(claim))].filter((t) => !FRAMING.has(t));
  if (terms.length === 0) return { supported: true };
  const shared = terms.filter((t) => hayTerms.has(t)).length;
  if (shared / terms.length < MIN_OVERLAP) {
    return { supported: false, reason: `overlap ${shared}/${terms.length}` };
  }
  return { supported: true };
}

/** Capitalised words after the first word of the claim (lower-cased), the usual shape of a name. */
function namesIn(claim: string): string[] {
  const out: string[] = [];
  const tokens = claim.replace(/\[\d+\]/g, ' ').match(/[\p{L}][\p{L}\p{N}'’-]*/gu) ?? [];
  let sentenceStart = true;
  for (const [i, token] of tokens.entries()) {
    const upper = /^\p{Lu}/u.test(token);
    if (upper && !sentenceStart && i > 0) {
      for (const w of words(token)) if (w.length > 1) out.push(plain(w));
    }
    sentenceStart = false;
  }
  return out;
}

/** A word without its possessive ending: "labour's" and "labour" are the same name. */
function plain(word: string): string {
  return word.replace(/['’]s$/, '');
}

/** A claim: one sentence or semicolon clause of generated text, with the [n] it carries. */
export interface Claim {
  text: string;
  /** The claim as it stands in the text, with the spacing before it: kept claims rejoin exactly. */
  raw: string;
  cited: number[];
}

/** Splits generated text into claims at sentence ends and semicolons, keeping each one's citations. */
export function splitClaims(text: string): Claim[] {
  const pieces = text.match(/[^.!?;\n]+(?:[.!?;]+["'”’»)]*(?:\s*\[\d+(?:\s*,\s*\d+)*\])*|$)/gu) ?? [];
  return pieces
    .filter((p) => /[\p{L}\p{N}]/u.test(p))
    .map((p) => ({
      text: p.trim(),
      raw: p,
      cited: [
        ...new Set([...p.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)].flatMap((m) => m[1]!.split(',').map(Number))),
      ],
    }));
}
