/**
 * Who acts in a sentence, and who "he", "she" and "it" are. Rules, not parsing: the subject is
 * the name (or pronoun) at the start of the main clause, after a leading subordinate clause
 * ("While Paris doesn’t trust Okafor, it …"), plus names opening a coordinated clause
 * ("… and Okafor has made no concessions").
 */
import type { Cluster, Doc, Mention } from './model.ts';

const LEAD_CLAUSE =
  /^(?:While|After|Although|Though|When|If|As|Since|Because|Before|Despite|Unlike|Following|Amid|Once|Until|Whereas|Having|With|Without|In|On|At|During|For|Last|This|Earlier|Later|However|Meanwhile|Under|By|From|According to|Over|Instead|Separately|Still|Now|Today|Yesterday)\b[^,“”"]{0,160},\s+/;
const LEAD_WORD = /^(?:But|And|Yet|So|Now|Also|Meanwhile|Then|Instead|Still)\s+/;
const COORD_BEFORE = /(?:,\s*|\s)(?:and|but|while|as|although|though)\s+(?:the\s+)?$/;
const VERB_AFTER =
  /^(?:\s*,\s*\d{1,3}\s*,)?\s+(?:has|had|have|is|was|were|will|would|can|could|should|may|might|must|said|says|also|then|later|did|does|told|added|made|took|gave|wants|wanted|called|asked)\b/;

function mentionAt(mentions: Mention[], offset: number): Mention | undefined {
  return mentions.find((m) => m.start === offset || m.nameStart === offset);
}

/** Finds the subjects of every sentence and records them as actions. */
export function findSubjects(doc: Doc): void {
  doc.sentences.forEach((sentence, si) => {
    const text = sentence.text;
    const mentions = (doc.mentions[si] ?? []).filter((m) => m.kind === 'name' || m.kind === 'description');
    const subjects: Cluster[] = [];
    let p = 0;
    const lead = text.match(LEAD_WORD);
    if (lead) p = lead[0].length;
    const clause = text.slice(p).match(LEAD_CLAUSE);
    if (clause) p += clause[0].length;
    const article = text.slice(p).match(/^(?:the|The)\s+/);
    const q = article ? p + article[0].length : p;
    let m = mentionAt(mentions, p) ?? mentionAt(mentions, q);
    // "IHRC chairman Massoud Shadjareh accused …", "Russia’s foreign minister Sergei Lavrov said …": the person acts.
    const next = m && mentions.find((x) => x.start >= m!.end);
    if (
      m &&
      next &&
      m.cluster.type !== 'person' &&
      next.cluster.type === 'person' &&
      /^(?:['’]s)?\s+(?:[a-z-]+\s+){1,3}$/.test(text.slice(m.end, next.start))
    )
      m = next;
    if (m && !m.possessive) {
      subjects.push(m.cluster);
      // "The European Union and the U.S. condemned …": coordinated subjects act together.
      for (;;) {
        const next = mentions.find((x) => x.start >= m!.end);
        if (!next || next.possessive) break;
        if (!/^\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?$/.test(text.slice(m.end, next.start))) break;
        subjects.push(next.cluster);
        m = next;
      }
    } else if (!m) {
      const pronoun = text.slice(p).match(/^(He|She)\b/);
      if (pronoun) {
        const who = resolvePerson(doc, si, p);
        if (who) subjects.push(who);
      }
    }
    for (const x of mentions) {
      if (x.possessive || subjects.includes(x.cluster)) continue;
      // End-anchored test on a bounded tail: on the whole head it costs the sentence's length per name.
      if (
        COORD_BEFORE.test(text.slice(Math.max(0, x.start - 40), x.start)) &&
        VERB_AFTER.test(text.slice(x.end))
      )
        subjects.push(x.cluster);
    }
    doc.subjects[si] = subjects;
  });
}

/** Resolves "he"/"she"/"him"/"her" at an offset: the acting person nearby, else the latest person named. */
export function resolvePerson(doc: Doc, si: number, offset: number, exclude?: Cluster): Cluster | undefined {
  const ok = (c: Cluster) => c.type === 'person' && c !== exclude;
  const here = (doc.mentions[si] ?? []).filter((m) => m.end <= offset && ok(m.cluster));
  const subjectHere = (doc.subjects[si] ?? []).find((c) => ok(c) && here.some((m) => m.cluster === c));
  if (subjectHere) return subjectHere;
  if (exclude && here.length) return here[here.length - 1]!.cluster;
  for (let back = si - 1; back >= Math.max(0, si - 2); back--) {
    const subj = (doc.subjects[back] ?? []).find(ok);
    if (subj) return subj;
  }
  if (here.length) return here[here.length - 1]!.cluster;
  for (let back = si - 1; back >= Math.max(0, si - 2); back--) {
    const ms = (doc.mentions[back] ?? []).filter((m) => ok(m.cluster));
    if (ms.length) return ms[ms.length - 1]!.cluster;
  }
  return undefined;
}

/** Resolves "it" at an offset: the latest organisation or place named before it in the sentence. */
export function resolveThing(doc: Doc, si: number, offset: number): Cluster | undefined {
  const here = (doc.mentions[si] ?? []).filter((m) => m.end <= offset && m.cluster.type !== 'person');
  if (here.length) return here[here.length - 1]!.cluster;
  return (doc.subjects[si - 1] ?? []).find((c) => c.type !== 'person');
}
