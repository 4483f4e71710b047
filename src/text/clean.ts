/**
 * Boilerplate removal on ingest: photo captions and credit lines, subscription appeals and
 * repeated lines never reach summaries, answers or the actor list.
 */

// Agencies and credit words seen in photo credits ("Vladimir Putin | SPUTNIK / KREMLIN / POOL / VIA AP)").
const CREDIT_WORDS =
  /\b(AP|AFP|REUTERS|GETTY|GETTY IMAGES|POOL|VIA|SPUTNIK|TASS|BELTA|EPA|XINHUA|BLOOMBERG|SHUTTERSTOCK|ALAMY|PA|ANADOLU|PHOTO|PHOTOGRAPH|IMAGE|CREDIT|FILE)\b/;

const APPEAL =
  /\b(subscrib\w*|newsletter|sign up|support (our|quality|independent) journalism|quality journalism|donate|become a member|click here|read more|advertisement|all rights reserved|follow us on|share this (article|story)|download (our|the) app)\b|©/i;

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
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
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
