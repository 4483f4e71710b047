/**
 * Sentences that are not news: instructions addressed to a reader or a model ("Ignore previous
 * instructions…"), mention bait (@everyone, <@123>), link lists and fake source blocks. They stay
 * in the stored text (it is the article as given) but are never summary, key point, answer or
 * actor material. Linear-time regexes: no nested quantifiers over the same text.
 */

const INSTRUCTION =
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+|these\s+)*(?:previous|prior|above|earlier|preceding|system|safety)?\s*(?:instructions?|prompts?|messages?|rules|guidelines|directions)\b|\b(?:you are now|you must now|act as (?:an?|the) |pretend (?:to be|you are)|new instructions|system prompt|jailbreak|as an ai\b|language model|(?:respond|reply|answer|say|print|output|write) (?:only |just )?(?:with )?["“'‘]?(?:HACKED|PWNED|OK)\b)/i;
const ROLE_LABEL =
  /^\s*(?:\[?\s*(?:SYSTEM|ASSISTANT|USER|DEVELOPER|ADMIN)\s*\]?\s*:|<\|?(?:im_start|system|endoftext)\|?>|\[\/?INST\])/i;
const MENTION = /@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>/i;
const URL = /https?:\/\/\S+|\bwww\.\S+/gi;
const SOURCE_BLOCK =
  /^\s*(?:sources?|references?|citations?)\s*:?\s*\[\d+\]|\[\d+\]\s*#\d+|^\s*\[\d+\]\s+\S/i;

/** True when the sentence is addressed to a reader or a model, bait, or a list of links. */
export function isNotNews(text: string): boolean {
  if (INSTRUCTION.test(text) || ROLE_LABEL.test(text) || MENTION.test(text) || SOURCE_BLOCK.test(text))
    return true;
  const urls = text.match(URL);
  if (!urls) return false;
  // A sentence that is mostly addresses is a link list, not reporting.
  const words = text.replace(URL, ' ').trim().split(/\s+/).filter(Boolean).length;
  return urls.length >= 2 || words < 8;
}
