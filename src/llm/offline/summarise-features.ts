/**
 * Per-sentence evidence for the extractive summariser: content terms, the article's main actors,
 * and flags for lines that read badly as lead material (captions, bylines, questions, quotes).
 */

import { SPEECH_VERB_PATTERN } from '../../text/lexicon.ts';
import { contentTerms, STOPWORDS } from '../../text/tokens.ts';

/** What the summariser knows about one sentence before scoring. */
export interface SentenceInfo {
  /** Whitespace-separated words: the unit of every word budget. */
  wordCount: number;
  /** Stemmed content terms (stopwords removed). */
  terms: string[];
  /** Lower-cased capitalised words that are not sentence-initial: a cheap stand-in for names. */
  names: string[];
  /** Photo caption or video plug ("Scroll down for video", "Pictured: ..."). */
  caption: boolean;
  /** A caption and nothing else (no sentence-final punctuation): never summary material. */
  captionOnly: boolean;
  /** No sentence-final punctuation: a caption, subhead or label line rather than a sentence. */
  fragment: boolean;
  /** A caption without a full stop glued onto the next sentence ("... a colleague The cost of ..."). */
  glued: boolean;
  /** Byline or dateline residue ("By . Jane Doe .", "PUBLISHED: ..."). */
  byline: boolean;
  question: boolean;
  /** Mostly quoted speech: a quote rarely works as a summary line. */
  quote: boolean;
  /** Opens with a quotation mark (often a fragment of a longer quote the splitter cut). */
  opensQuote: boolean;
}

/** Counts words the way budgets and the ROUGE bench report them. */
export function countWords(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/).length : 0;
}

const SENTENCE_END = /[.!?…]["”’'»)\]]*$/;
const OPEN_QUOTE = /^["“‘'«]/;
const QUOTED_SPAN = /["“‘«]([^"”’»]{3,})["”’»]/g;
const BYLINE =
  /^(By\s+\.?\s*\p{Lu}|PUBLISHED:|UPDATED:|Last updated\b|Published\b.*\d{4})|\b(PUBLISHED|UPDATED):\s*\d|\|\s*$/u;
// Daily Mail style lead-ins that mark picture captions and video plugs.
const CAPTION_START = /^(Scroll down|Pictured\b|Picture:|Photo:|Image:|Video:|Watch:|Click here|See more)/i;
// A short "Label:" before the body ("Strictly business: Julia ...") is the Mail's caption form.
const CAPTION_LABEL = /^[\p{Lu}][\p{L}'’-]*(?:\s+[\p{L}'’-]+){0,3}:\s+\p{Lu}/u;
const SPEECH_VERB = new RegExp(`\\b(?:${SPEECH_VERB_PATTERN})\\b`, 'i');
// A caption with no full stop glued to the sentence after it: "... than a colleague The cost of ...".
const GLUED = /[\p{Ll}\d)]\s+(The|A|An|He|She|They|It|This|His|Her|But|However|Meanwhile|Scroll)\s+\p{L}/u;
const NAME_TOKEN = /[\p{Lu}][\p{L}'’-]*[\p{L}]/gu;

function isCaption(text: string): boolean {
  if (CAPTION_START.test(text) || /\bScroll down for video\b/i.test(text)) return true;
  const label = CAPTION_LABEL.exec(text);
  return label !== null && !SPEECH_VERB.test(label[0]);
}

function isQuote(text: string, wordCount: number): boolean {
  let quoted = 0;
  for (const m of text.matchAll(QUOTED_SPAN)) quoted += countWords(m[1] ?? '');
  return wordCount > 0 && quoted / wordCount > 0.6;
}

function namesOf(text: string): string[] {
  const out: string[] = [];
  let first = true;
  for (const m of text.matchAll(NAME_TOKEN)) {
    // The first capitalised word is usually capitalised only because it starts the sentence.
    const atStart = first && (m.index ?? 0) <= 2;
    first = false;
    if (atStart) continue;
    const w = m[0].toLowerCase().replace(/['’]s$/, '');
    if (w.length > 1 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

/** Extracts the summariser's evidence for one sentence. */
export function describeSentence(raw: string): SentenceInfo {
  // "(CNN)" and similar wire prefixes are not content.
  const text = raw.replace(/^[^()]{0,40}\((CNN|AP|Reuters|AFP|The Hollywood Reporter)\)\s*/, '').trim();
  const wordCount = countWords(raw);
  return {
    wordCount,
    terms: contentTerms(text),
    names: namesOf(text),
    caption: isCaption(text),
    captionOnly: isCaption(text) && !/[.!?]["”’']?$/.test(text),
    fragment: !SENTENCE_END.test(text),
    glued: GLUED.test(text.slice(1)),
    byline: BYLINE.test(text),
    question: /\?["”’']?\s*$/.test(text),
    quote: isQuote(text, wordCount),
    opensQuote: OPEN_QUOTE.test(text),
  };
}
