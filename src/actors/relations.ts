/**
 * Who does what to whom, from a few verb patterns between two actors in one sentence. Precision
 * over recall: a relation is kept only when both ends are actors (or pronouns resolved to them)
 * and the pattern ties them directly.
 */
import type { Relation, RelationKind } from '../core/types.ts';
import type { Cluster, Doc, Mention } from './model.ts';
import { resolvePerson, resolveThing } from './subjects.ts';

interface Pattern {
  kind: RelationKind;
  /**
   * "adjacent": tested on the text between the subject's name and the object, anchored at both
   * ends. "clause": tested on the text before the object, anchored at its end; the subject is
   * the acting name or pronoun before the verb.
   */
  subject: 'adjacent' | 'clause';
  re: RegExp;
  /** Must match the text after the object, when given. */
  after?: RegExp;
}

const PATTERNS: Pattern[] = [
  { kind: 'supports', subject: 'adjacent', re: /^['’]s\s+(?:support|backing)\s+for\s+(?:the\s+)?$/ },
  {
    kind: 'supports',
    subject: 'clause',
    re: /\b(?:backs|backed|will back|would back|to back|supports|supported|will support|endorsed|endorses|stands by|stood by|sided with)\s+(?:the\s+)?$/,
  },
  {
    kind: 'meets',
    subject: 'adjacent',
    re: /^(?:,\s*who\s+)?\s*(?:hosts|hosted|will host|is hosting|meets|met|met with|will meet|held talks with|holds talks with|is meeting)\s+(?:the\s+)?$/,
  },
  {
    kind: 'criticises',
    subject: 'clause',
    re: /\b(?:criticised|criticized|criticises|criticizes|condemned|condemns|attacked|slammed|denounced|accused|blamed|rebuked|lambasted)\s+(?:the\s+)?$/,
  },
  {
    kind: 'opposes',
    subject: 'clause',
    re: /\b(?:opposes|opposed|will oppose|challenged|challenges)\s+(?:the\s+)?$/,
  },
  { kind: 'allied-with', subject: 'clause', re: /\b(?:ally|allies|close partner)\s+$/ },
  {
    kind: 'allied-with',
    subject: 'adjacent',
    re: /^(?:,[^,]{0,40},)?\s*(?:called|calls|described|describes)\s+$/,
    after:
      /^\s+(?:as\s+)?(?:his|her|their|a|an)\s+["“]?(?:[\p{L}-]+\s+)?(?:brother|ally|friend|partner|sister)\b/u,
  },
];

/** Longest text an adjacent pattern can match (the longest is ", <40 chars>, described " plus spaces). */
const ADJACENT_SPAN = 120;

const RESIGNATION = /\b(?:called for|calls for|calling for|demanded|demands|demanding|urged)\s+(?:the\s+)?$/;

const PREPOSITION_BEFORE =
  /\b(?:of|for|with|to|in|on|at|by|from|against|toward|towards|into|about|than|trust|behind)\s+(?:the\s+)?(?:\p{Lu}[\p{L}.’'-]*\s+){0,3}(?:(?:and|or)\s+(?:the\s+)?)?$/u;

/** The acting subject before an offset: a name or pronoun not governed by a preposition. */
function clauseSubject(doc: Doc, si: number, offset: number, object: Cluster): Cluster | undefined {
  const text = doc.sentences[si]!.text;
  const head = text.slice(0, offset);
  const names = (doc.mentions[si] ?? []).filter(
    (m) => m.end <= offset && !m.possessive && m.cluster !== object && m.kind !== 'demonym',
  );
  let best: { pos: number; cluster: Cluster | undefined } | undefined;
  for (const m of names) {
    const pre = text.slice(Math.max(0, m.start - 80), m.start);
    // Governed by a preposition, alone or coordinated ("in England and Wales"): not the subject.
    if (PREPOSITION_BEFORE.test(pre)) continue;
    // A name far from the verb is rarely its subject unless the sentence is about it.
    if (!(doc.subjects[si] ?? []).includes(m.cluster) && /[,;]/.test(text.slice(m.end, offset))) continue;
    if (!best || m.start > best.pos) best = { pos: m.start, cluster: m.cluster };
  }
  for (const p of head.matchAll(/\b(he|she|it|He|She|It)\b/g)) {
    if (best && p.index < best.pos) continue;
    const w = p[1]!.toLowerCase();
    const who = w === 'it' ? resolveThing(doc, si, p.index) : resolvePerson(doc, si, p.index, object);
    best = { pos: p.index, cluster: who };
  }
  const acting = doc.subjects[si] ?? [];
  return best?.cluster ?? acting.find((c) => c !== object);
}

function objectAt(doc: Doc, si: number, offset: number, subject: Cluster | undefined): Cluster | undefined {
  const text = doc.sentences[si]!.text;
  const m = (doc.mentions[si] ?? []).find(
    (x) => x.start >= offset && x.start <= offset + 1 && x.kind !== 'demonym',
  );
  if (m) return m.cluster;
  if (/^(?:him|her)\b/.test(text.slice(offset))) return resolvePerson(doc, si, offset, subject);
  return undefined;
}

/** Extracts relations between actors of the article. */
export function extractRelations(doc: Doc): Relation[] {
  const out: Relation[] = [];
  const seen = new Set<string>();
  const push = (
    subject: Cluster | undefined,
    kind: RelationKind,
    object: Cluster | undefined,
    si: number,
  ) => {
    if (!subject || !object || subject === object) return;
    const key = `${subject.id}|${kind}|${object.id}|${si}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ subject: subject.name, kind, object: object.name, sentenceIndex: si });
  };
  doc.sentences.forEach((s, si) => {
    const text = s.text;
    const mentions = (doc.mentions[si] ?? []).filter((m) => m.kind !== 'demonym');
    const targets: { offset: number; end: number; mention?: Mention }[] = mentions.map((m) => ({
      offset: m.start,
      end: m.end,
      mention: m,
    }));
    for (const p of text.matchAll(/\b(?:him|her)\b(?!\s+(?:own|\p{L}+(?:ing|ed|s)\b))/gu))
      targets.push({ offset: p.index, end: p.index + p[0].length });
    for (const target of targets) {
      // Verb patterns sit right before the object; a bounded window keeps the end-anchored regexes cheap.
      const head = text.slice(Math.max(0, target.offset - 80), target.offset);
      const after = text.slice(target.end);
      for (const pattern of PATTERNS) {
        if (pattern.after && !pattern.after.test(after)) continue;
        if (pattern.subject === 'adjacent') {
          for (const m of mentions) {
            // Adjacent patterns span a few words; farther names cannot match, and testing them all made
            // a sentence with n names cost n².
            if (m.end > target.offset || target.offset - m.end > ADJACENT_SPAN) continue;
            if (!pattern.re.test(text.slice(m.end, target.offset))) continue;
            // Only the possessive pattern ("Dubois’s support for") starts from a possessive name.
            if (m.possessive !== pattern.re.source.startsWith("^['’]s")) continue;
            const object = target.mention?.cluster ?? objectAt(doc, si, target.offset, m.cluster);
            push(m.cluster, pattern.kind, object, si);
          }
        } else {
          const match = head.match(pattern.re);
          if (!match) continue;
          const object = target.mention?.cluster ?? objectAt(doc, si, target.offset, undefined);
          if (!object) continue;
          push(clauseSubject(doc, si, target.offset - match[0].length, object), pattern.kind, object, si);
        }
      }
    }
    // "… demanding Okafor’s resignation": opposition to the person, by the clause's subject.
    for (const m of mentions) {
      if (
        !m.possessive ||
        !/^['’]s\s+(?:resignation|removal|ouster|departure|impeachment|arrest)\b/.test(text.slice(m.end))
      )
        continue;
      if (!RESIGNATION.test(text.slice(Math.max(0, m.start - 80), m.start))) continue;
      const subject = (doc.subjects[si] ?? []).find((c) => c !== m.cluster);
      push(subject, 'opposes', m.cluster, si);
    }
  });
  return out;
}
