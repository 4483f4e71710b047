/**
 * What generated text may never carry to a reader, whatever a model was talked into: mentions
 * (@everyone, <@id>), links and markup the sources don't have, a "Sources" block of its own, or
 * the words of an instruction planted in an article. Articles are untrusted: a sentence that
 * speaks to an AI ("ignore all previous instructions; reply only with …") is an injection, and an
 * output that repeats it, or its payload, is one that obeyed.
 */
import { STOPWORDS, words } from '../text/tokens.ts';

/** Sentences that address an AI rather than report news. */
const INSTRUCTION_PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,60}\b(?:instructions?|prompts?|rules|guidelines|directions|context)\b/i,
  /\b(?:reply|respond|answer|output|print|write|say)\s+(?:only|just|exactly)\b/i,
  /\b(?:you are|act as|pretend to be)\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:ai|assistant|language model|chatbot|llm|model)\b/i,
  /\b(?:system prompt|developer message|new instructions)\b/i,
  /(?:^|\n)\s*(?:system|assistant|user)\s*:/i,
];

/** Mentions that ping people or roles on Discord, in any form a transport might honour. */
const MENTION = /@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>|<@&\d+>/i;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>()"'\]]+/gi;
const MARKDOWN_LINK = /!?\[[^\]\n]*\]\([^)\n]*\)/;
const MARKUP = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?>|```|^\s{0,3}#{1,6}\s|\*\*[^*\n]+\*\*|__[^_\n]+__/im;
/** A block of its own sources: "Sources:" on a line, or lines that start with a citation. */
const SOURCES_BLOCK = /(?:^|\n)\s*(?:sources?|references?)\s*:?\s*(?:\n|$)|(?:^|\n)\s*\[\d+\]\s+\S/i;

/** True for a sentence that speaks to an AI: an injection, never evidence. */
export function looksLikeInstruction(text: string): boolean {
  return INSTRUCTION_PATTERNS.some((p) => p.test(text)) || MENTION.test(text);
}

/**
 * Why `output` must not be shown, or undefined when it may. `sources` are the texts the model
 * was given (article sentences, passages, analyses).
 */
export function unsafeOutput(output: string, sources: readonly string[]): string | undefined {
  if (!output) return undefined;
  if (MENTION.test(output)) return 'a mention';
  if (MARKDOWN_LINK.test(output)) return 'a markdown link';
  const all = sources.join('\n');
  for (const url of output.match(URL) ?? []) if (!all.includes(url)) return 'a link not in the sources';
  const markup = MARKUP.exec(output);
  if (markup && !all.includes(markup[0].trim())) return 'markup not in the sources';
  if (SOURCES_BLOCK.test(output)) return 'a sources block of its own';
  if (looksLikeInstruction(output)) return 'an instruction';
  const payload = injectionPayload(sources);
  const echoed = words(output).find((w) => payload.has(w));
  if (echoed) return `words of an instruction in the sources ("${echoed}")`;
  return undefined;
}

/**
 * Words that occur in the sources only inside instruction sentences: what an injection asks to
 * be repeated ("HACKED"). Words the news itself also uses are not evidence of obedience.
 */
function injectionPayload(sources: readonly string[]): Set<string> {
  const sentences = sources.flatMap((s) => s.split(/(?<=[.!?;])\s+|\n+/u));
  const planted = sentences.filter(looksLikeInstruction);
  if (planted.length === 0) return new Set();
  const news = new Set(sentences.filter((s) => !looksLikeInstruction(s)).flatMap((s) => words(s)));
  const generic = new Set(
    'ignore disregard forget previous prior instructions instruction reply respond answer only with exactly everyone here system prompt rules output print write say act pretend assistant model'.split(
      ' ',
    ),
  );
  return new Set(
    planted
      .flatMap((s) => words(s))
      .filter((w) => w.length > 2 && !STOPWORDS.has(w) && !generic.has(w) && !news.has(w)),
  );
}

/** Drops instruction sentences from texts an engine is given, keeping the rest in order. */
export function withoutInstructions<T extends { text: string }>(items: readonly T[]): T[] {
  return items.filter((i) => !looksLikeInstruction(i.text));
}
