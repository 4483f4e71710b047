/**
 * Boilerplate removal on ingest: photo captions and credit lines, subscription appeals and
 * repeated lines never reach summaries, answers or the actor list.
 */

// Agencies and credit words seen in photo credits ("Anne Dubois | AFP / POOL / VIA AP)").
const CREDIT_WORDS =
  /\b(AP|AFP|REUTERS|GETTY|GETTY IMAGES|POOL|VIA|SPUTNIK|TASS|BELTA|EPA|XINHUA|BLOOMBERG|SHUTTERSTOCK|ALAMY|PA|ANADOLU|PHOTO|PHOTOGRAPH|IMAGE|CREDIT|FILE)\b/;

const APPEAL =
  /\b(subscrib\w*|newsletter|sign up|support (our|quality|independent) journalism|quality journalism|donate|become a member|click here|read more|advertisement|all rights reserved|follow us on|share this (article|story)|download (our|the) app)\b|©/i;

const DATELINE =
  /^(?:[\p{Lu}][\p{L}.'’-]*(?:[ ,]+[\p{Lu}][\p{L}.'’-]*){0,3} ?)?\((?:CNN|AP|Reuters|AFP)\)\s*(?:[-—–]+\s*)?(?=\S)/u;

// The Mail's video plug, printed inline before a caption ("Scroll down for video Pictured: ...").
const SCROLL_PLUG = /\bScroll down for (?:video|more)\b[.:]?/gi;

/** "[2]", "[12]" or "[a]" stuck to the word or punctuation before it, as encyclopedias and wires print them. */
const FOOTNOTE_MARK = /(?<=[\p{L}\p{N}.,;:!?"”’')])\[(?:[1-9]\d{0,2}|[a-z])\]/gu;

/** True for a line that is a photo caption or credit rather than article prose. */
export function isCaptionOrCredit(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  if (/^(photo|image|picture|credit|caption|file photo)s?\s*[:|]/i.test(t)) return true;
  const parts = t.split(/\s[|]\s?|\s?[|]\s/);
  if (parts.length >= 2) {
    const tail = parts.slice(1).join(' ');
    const letters = tail.replace(/[^\p{L}]/gu, '');
    const upper = tail.replace(/[^\p{Lu}]/gu, '');
    if (letters.length > 0 && upper.length / letters.length > 0.7) return true;
    if (CREDIT_WORDS.test(tail.toUpperCase()) && t.length < 200 && !/[.!?]["”]?$/.test(t)) return true;
  }
  // "(AP Photo/Jane Doe)" or "Photo: Reuters" style credits.
  if (/^\(?\s*(AP|AFP|Reuters|Getty Images)\s*(Photo)?\s*[/:]/i.test(t) && t.length < 120) return true;
  return false;
}

// Words that open a new sentence and are never capitalised mid-sentence when followed by a lower-case
// word ("... on Tuesday The victim was ..."). "A" also names things ("vitamin A", "infra-red A rays",
// "plan A", "from A to B"), so it counts only after a word that does not take a letter and before a
// word that is not a function word.
const GLUE_POINT =
  /(?<=[\p{Ll}\d)])\s+(?=(?:(The|He|She|They|It|Its|His|Her|Their|This|But|In|After|When|Police|Officers|However|Meanwhile|Now)|An?(?=\s+(?!(?:and|or|to|with|is|was|are|were|in|of|for|from|at|by|on|as)\b)))\s+\p{Ll})/gu;
// Starters that also end names ("Metropolitan Police", "Don't Push It"): not after a capitalised word.
const NAME_PART = /^(?:Police|Officers|It|In|Now|This)$/;
const LETTER_NOUN =
  /\b(?:vitamin|infra-?red|ultra-?violet|type|plan|grade|class|category|group|section|exhibit|hepatitis|flu|influenza|division|league|route|block|gate|terminal|platform|part|level|tier|size|band|model|series|option|list|team|pool|wing|ward|floor|form|unit|row|side|box|blood)$/i;
// The last sentence end in a run of text: what follows it is where a caption would start.
const LAST_SENTENCE_END = /^(.*[.!?…]["'”’)]*\s+)(.*)$/su;

/**
 * Photo captions printed without a full stop run straight into the next sentence in scraped news
 * ("... in Liverpool The amount of drugs ..."): the caption goes to its own paragraph, where it reads
 * as what it is (a line without sentence punctuation) instead of swallowing a real sentence. Nothing
 * is deleted, so a wrong guess only splits a sentence in two.
 */
export function separateGluedCaptions(line: string): string {
  const points = [...line.matchAll(GLUE_POINT)];
  if (points.length === 0) return line;
  let out = '';
  let from = 0;
  // Whether `from` is a sentence start: the line start or just after a caption already moved out.
  let atStart = true;
  for (const point of points) {
    const at = point.index ?? 0;
    const run = line.slice(from, at);
    const split = LAST_SENTENCE_END.exec(run);
    const caption: string = split ? split[2]! : atStart ? run : '';
    const ok: boolean =
      caption.length >= 10 &&
      caption.length <= 400 &&
      !/[.!?…]/.test(caption) &&
      (point[1] !== undefined
        ? !(NAME_PART.test(point[1]) && /(?:^|\s)\p{Lu}\S*$/u.test(run))
        : !LETTER_NOUN.test(run));
    out += ok ? `${run}\n\n` : `${run}${point[0]}`;
    from = at + point[0].length;
    atStart = ok;
  }
  return out + line.slice(from);
}

/** True for a short paragraph asking the reader to subscribe, sign up, share or donate. */
export function isAppeal(paragraph: string): boolean {
  const t = paragraph.trim();
  return t.length < 320 && APPEAL.test(t);
}

/**
 * Normalises text (line endings, invisible characters, spacing) and drops caption, credit and
 * appeal lines and lines repeated verbatim. Paragraphs stay separated by blank lines.
 */
export function cleanArticleText(raw: string): string {
  const text = raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\u00AD]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    // Footnote markers ("in May.[2]") are not prose, and [n] is how answers cite their sources.
    .replace(FOOTNOTE_MARK, '');
  const seen = new Set<string>();
  const kept: string[] = [];
  const lines = text
    .split('\n')
    .flatMap((line) =>
      separateGluedCaptions(line.replace(SCROLL_PLUG, ' ').replace(/ {2,}/g, ' ')).split('\n'),
    );
  let first = true;
  for (const line of lines) {
    let t = line.trim();
    if (first && t) {
      // A wire dateline is not content: "WASHINGTON (AP) — ", "(CNN)", "Boston (CNN)".
      t = t.replace(DATELINE, '');
      first = false;
    }
    if (!t) {
      kept.push('');
      continue;
    }
    const key = t.toLowerCase();
    if (isCaptionOrCredit(t) || isAppeal(t)) continue;
    // Repeated lines are layout artefacts (captions, pull quotes); keep the first of longer prose only.
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(t);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
