/**
 * Quotations and their speakers: `“…,” said X`, `“…,” X said`, `X said: “…”`, `“…” he said`,
 * partial quotes in a sentence with a speaking subject, and quote-only sentences that continue
 * the previous speaker of the paragraph. Quote text is verbatim, without the marks.
 */
import type { Quote } from '../core/types.ts';
import { SPEECH_VERB_PATTERN } from '../text/lexicon.ts';
import type { Cluster, Doc, Mention } from './model.ts';
import { resolvePerson } from './subjects.ts';

export interface QuoteSpan {
  /** Offsets of the quoted text (marks excluded). */
  start: number;
  end: number;
  /** Offsets including the marks. */
  outerStart: number;
  outerEnd: number;
}

const SPEECH = SPEECH_VERB_PATTERN;
const SPEAKING_VERB = new RegExp(
  `\\b(?:${SPEECH}|called|calls|described|describes|dubbed|branded|labelled|labeled|hailed|praised|promised|vowed|pledged)\\b`,
);

/** Finds quoted spans, straight or curly; an unclosed quote runs to the end of the sentence. */
export function findQuoteSpans(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    let role: 'open' | 'close' | undefined;
    if (ch === '“') role = 'open';
    else if (ch === '”') role = 'close';
    else if (ch === '"') {
      const prev = text[i - 1] ?? ' ';
      const next = text[i + 1] ?? ' ';
      role = open < 0 && (/[\s([—–-]/.test(prev) || i === 0) && !/\s/.test(next) ? 'open' : 'close';
    }
    if (role === 'open' && open < 0) open = i;
    else if (role === 'close') {
      const from = open < 0 ? 0 : open + 1;
      spans.push({ start: from, end: i, outerStart: Math.max(open, 0), outerEnd: i + 1 });
      open = -1;
    }
  }
  if (open >= 0) spans.push({ start: open + 1, end: text.length, outerStart: open, outerEnd: text.length });
  return spans
    .map((s) => trimSpan(text, s))
    .filter((s) => s.end > s.start && /\p{L}/u.test(text.slice(s.start, s.end)));
}

function trimSpan(text: string, s: QuoteSpan): QuoteSpan {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s,;:]/.test(text[end - 1]!)) end--;
  return { ...s, start, end };
}

function mentionStartingNear(mentions: Mention[], offset: number): Mention | undefined {
  return mentions.find((m) => m.start >= offset && m.start <= offset + 5 && !m.possessive);
}

/** The speaker a sentence names around its quotes, if any. */
function explicitSpeaker(doc: Doc, si: number, spans: QuoteSpan[]): Cluster | undefined {
  const text = doc.sentences[si]!.text;
  const mentions = (doc.mentions[si] ?? []).filter((m) => m.kind === 'name');
  const lastEnd = spans[spans.length - 1]!.outerEnd;
  const tail = text.slice(lastEnd);
  const lead = tail.match(/^[\s,.!?—–-]*/)![0].length;
  const afterLead = tail.slice(lead);
  // “…,” said X
  const verbFirst = afterLead.match(new RegExp(`^(?:${SPEECH})\\s+(?:the\\s+)?`));
  if (verbFirst) {
    const m = mentionStartingNear(mentions, lastEnd + lead + verbFirst[0].length);
    if (m) return m.cluster;
  }
  // “…,” X said / “…,” X, an opposition politician, said
  const m = mentionStartingNear(mentions, lastEnd + lead);
  if (m) {
    const rest = text.slice(m.end);
    if (
      new RegExp(`^(?:,[^“”"]{0,160}?,)?\\s+(?:has\\s+|had\\s+|also\\s+|later\\s+)?(?:${SPEECH})\\b`).test(
        rest,
      )
    )
      return m.cluster;
  }
  // “…” he said
  if (new RegExp(`^(?:he|she)\\s+(?:${SPEECH})\\b`, 'i').test(afterLead))
    return resolvePerson(doc, si, lastEnd);
  // X said: “…”
  const firstStart = spans[0]!.outerStart;
  const head = text.slice(0, firstStart);
  const said = head.match(new RegExp(`(?:${SPEECH})(?:\\s+[\\w’']+){0,4}?\\s*[:,]?\\s*(?:that\\s+)?$`));
  if (said) {
    const saidAt = said.index ?? 0;
    const before = mentions.filter((x) => x.end <= saidAt);
    const last = before[before.length - 1];
    if (last && /^(?:,[^“”"]{0,160}?,)?\s+(?:has\s+|had\s+|also\s+)?$/.test(head.slice(last.end, saidAt)))
      return last.cluster;
    if (/^(?:he|she)\s+$/i.test(head.slice(0, saidAt).slice(-4))) return resolvePerson(doc, si, saidAt);
  }
  const according = text.match(/\baccording to\s+(?:the\s+)?/);
  if (according) {
    const a = mentionStartingNear(mentions, (according.index ?? 0) + according[0].length);
    if (a) return a.cluster;
  }
  return undefined;
}

/** Extracts attributed quotes; speakers also count as acting in the sentence. */
export function extractQuotes(doc: Doc): Quote[] {
  const quotes: Quote[] = [];
  const speakers: (Cluster | undefined)[] = [];
  const spansOf = doc.sentences.map((s) => findQuoteSpans(s.text));
  const quoteOnly = doc.sentences.map((s, si) => {
    const spans = spansOf[si]!;
    if (!spans.length) return false;
    let outside = s.text;
    for (const sp of [...spans].reverse())
      outside = outside.slice(0, sp.outerStart) + outside.slice(sp.outerEnd);
    return /^[\s\p{P}]*$/u.test(outside);
  });
  doc.sentences.forEach((s, si) => {
    const spans = spansOf[si]!;
    if (!spans.length || quoteOnly[si]) return;
    let speaker = explicitSpeaker(doc, si, spans);
    if (!speaker) {
      let outside = s.text;
      for (const sp of [...spans].reverse())
        outside = outside.slice(0, sp.outerStart) + outside.slice(sp.outerEnd);
      // "Okafor, 66, called Dubois his “mentor”": the speaking subject owns the quote.
      if (SPEAKING_VERB.test(outside)) speaker = doc.subjects[si]?.[0];
    }
    speakers[si] = speaker;
  });
  // Quote-only sentences continue the paragraph's speaker, or take the next sentence's.
  doc.sentences.forEach((s, si) => {
    if (!quoteOnly[si]) return;
    const prev = si > 0 && doc.sentences[si - 1]!.paragraph === s.paragraph ? speakers[si - 1] : undefined;
    let next: Cluster | undefined;
    for (let j = si + 1; j < doc.sentences.length && doc.sentences[j]!.paragraph === s.paragraph; j++) {
      if (!spansOf[j]!.length) break;
      if (!quoteOnly[j]) {
        next = speakers[j];
        break;
      }
    }
    speakers[si] = prev ?? next;
  });
  doc.sentences.forEach((s, si) => {
    const speaker = speakers[si];
    if (!speaker) return;
    let used = false;
    for (const sp of spansOf[si]!) {
      const text = s.text.slice(sp.start, sp.end);
      // Scare quotes of one word are emphasis, not speech.
      if (!/\S\s+\S/.test(text) && !quoteOnly[si]) continue;
      quotes.push({ text, speaker: speaker.name, sentenceIndex: si });
      used = true;
    }
    if (used) {
      speaker.quoteCount++;
      speaker.actions.add(si);
      if (!(doc.subjects[si] ?? []).includes(speaker))
        doc.subjects[si] = [...(doc.subjects[si] ?? []), speaker];
    }
  });
  return quotes;
}
