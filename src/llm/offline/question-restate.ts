/**
 * Turns a direct question into an embedded one for plain "don't say" replies:
 * "What did Tsepkalo say about China?" → "what Tsepkalo said about China".
 * Rules, not a parser: when a question does not fit them, callers fall back to quoting it.
 */

const WH = new Set(['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how']);
const BE = new Set(['is', 'are', 'was', 'were']);
const DO = new Set(['do', 'does', 'did']);
const MODAL = new Set(['has', 'have', 'had', 'can', 'could', 'will', 'would', 'should', 'may', 'might']);
const PRONOUNS = new Set(['he', 'she', 'it', 'they', 'we', 'you', 'i']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'his',
  'her',
  'their',
  'its',
  'our',
]);
// Verbs questions commonly use after do-support; they end a lower-case subject ("the protesters want").
const COMMON_VERBS = new Set(
  'say do want call think mean happen plan ask get make go take see know need support oppose back hope seek demand expect change dispatch send host agree claim tell report announce decide use accept reject condemn become win lose give show feel believe meet threaten offer propose'.split(
    ' ',
  ),
);
const IRREGULAR_PAST: Record<string, string> = {
  say: 'said',
  do: 'did',
  tell: 'told',
  think: 'thought',
  make: 'made',
  go: 'went',
  take: 'took',
  see: 'saw',
  know: 'knew',
  get: 'got',
  give: 'gave',
  become: 'became',
  win: 'won',
  lose: 'lost',
  send: 'sent',
  mean: 'meant',
  feel: 'felt',
  have: 'had',
  come: 'came',
  find: 'found',
  leave: 'left',
  meet: 'met',
  pay: 'paid',
  buy: 'bought',
  bring: 'brought',
  hold: 'held',
  keep: 'kept',
  begin: 'began',
  run: 'ran',
  write: 'wrote',
  speak: 'spoke',
  seek: 'sought',
  put: 'put',
  set: 'set',
  let: 'let',
  cut: 'cut',
  read: 'read',
  build: 'built',
  spend: 'spent',
  stand: 'stood',
  break: 'broke',
  choose: 'chose',
  lead: 'led',
  sell: 'sold',
  fight: 'fought',
  eat: 'ate',
  hear: 'heard',
  be: 'was',
};

/** Embedded form of a question ("what Putin wants"), or null when the rules do not fit it. */
export function restateQuestion(question: string, pronounName?: string): string | null {
  const toks = question
    .trim()
    .replace(/[?.!]+$/, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => (pronounName ? replacePronoun(t, pronounName) : t));
  if (toks.length < 2) return null;
  const first = toks[0]!.toLowerCase();
  if (WH.has(first)) {
    let k = 1;
    // The wh-phrase runs to the first auxiliary: "how much debt did", "what year were".
    while (k < toks.length && k <= 4 && !isAux(toks[k]!)) k++;
    const phrase = [first, ...toks.slice(1, Math.min(k, toks.length))];
    if (k >= toks.length || k > 4) return [first, ...toks.slice(1)].join(' '); // subject question
    if (k > 1 && !/^(?:much|many|old|long|often|far)$/i.test(toks[1]!) && !/^(?:what|which)$/.test(first)) {
      return [first, ...toks.slice(1)].join(' ');
    }
    const aux = toks[k]!.toLowerCase();
    const rest = toks.slice(k + 1);
    // "Who had a family…", "Who can be seen…": the wh-word is the subject, nothing to invert.
    const subjectWh =
      (first === 'who' && /^(?:has|have|had)$/.test(aux)) || (!BE.has(aux) && !startsSubject(rest[0] ?? ''));
    if (/^(?:who|what)$/.test(first) && k === 1 && subjectWh) {
      return [first, ...toks.slice(1)].join(' ');
    }
    if (/^(?:it|there)$/i.test(rest[0] ?? '')) return [first, ...toks.slice(1)].join(' ');
    return invert(phrase, aux, rest);
  }
  if (isAux(first)) return invert(['whether'], first, toks.slice(1));
  return null;
}

function isAux(tok: string): boolean {
  const t = tok.toLowerCase();
  return BE.has(t) || DO.has(t) || MODAL.has(t);
}

function invert(phrase: string[], aux: string, rest: string[]): string | null {
  if (rest.length === 0) return null;
  if (BE.has(aux)) {
    const s = beSubjectLength(rest);
    return [...phrase, ...rest.slice(0, s), aux, ...rest.slice(s)].join(' ');
  }
  const s = subjectLength(rest);
  if (s === 0 || s > rest.length) return null;
  if (MODAL.has(aux)) return [...phrase, ...rest.slice(0, s), aux, ...rest.slice(s)].join(' ');
  const verb = rest[s];
  if (!verb) return null;
  const form = aux === 'did' ? past(verb) : aux === 'does' ? thirdPerson(verb) : verb;
  return [...phrase, ...rest.slice(0, s), form, ...rest.slice(s + 1)].join(' ');
}

function startsSubject(tok: string): boolean {
  return PRONOUNS.has(tok.toLowerCase()) || DETERMINERS.has(tok.toLowerCase()) || /^\p{Lu}/u.test(tok);
}

// Words that start the complement of "is/are": "the Democrats [are] responsible for", "X [is] doing".
const COMPLEMENT_START =
  /^(?:in|at|on|for|to|from|with|by|about|under|over|against|responsible|able|likely|going|expected|supposed|allowed|now|still|a|an|[a-z]+ing|[a-z]+ed)$/;

function beSubjectLength(rest: string[]): number {
  const first = rest[0]!;
  if (PRONOUNS.has(first.toLowerCase())) return 1;
  if (!DETERMINERS.has(first.toLowerCase()) && !/^\p{Lu}/u.test(first)) return rest.length;
  let i = DETERMINERS.has(first.toLowerCase()) ? 1 : 0;
  if (/^\p{Lu}/u.test(rest[i] ?? '')) {
    while (i < rest.length && /^\p{Lu}/u.test(rest[i]!)) i++;
    if (!/(?:'s|’s)$/.test(rest[i - 1] ?? '')) return i;
  }
  // A lower-case noun phrase (with "of …") runs until its complement starts.
  while (i < rest.length && !COMPLEMENT_START.test(rest[i]!)) i++;
  return i;
}

function subjectLength(rest: string[]): number {
  const first = rest[0]!;
  if (PRONOUNS.has(first.toLowerCase())) return 1;
  let i = 0;
  if (DETERMINERS.has(first.toLowerCase())) i = 1;
  if (/^\p{Lu}/u.test(rest[i] ?? '')) {
    while (i < rest.length && /^\p{Lu}/u.test(rest[i]!)) {
      i++;
      // "Russia's army": a possessive name takes the noun after it.
      if (/(?:'s|’s)$/.test(rest[i - 1]!) && i < rest.length && !COMMON_VERBS.has(rest[i]!)) i++;
    }
    return i;
  }
  if (i === 0) return 1;
  let j = i + 1;
  while (j < rest.length && !COMMON_VERBS.has(rest[j]!.toLowerCase())) j++;
  return j < rest.length ? j : i + 1;
}

function past(verb: string): string {
  const v = verb.toLowerCase();
  if (IRREGULAR_PAST[v]) return IRREGULAR_PAST[v];
  if (v.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(v)) return `${verb.slice(0, -1)}ied`;
  if (v.length <= 4 && /[^aeiou][aeiou][bdgklmnprt]$/.test(v)) return `${verb}${v.at(-1)}ed`;
  return `${verb}ed`;
}

function thirdPerson(verb: string): string {
  const v = verb.toLowerCase();
  if (v === 'have') return 'has';
  if (v === 'do' || v === 'go') return `${verb}es`;
  if (/(?:s|sh|ch|x|z)$/.test(v)) return `${verb}es`;
  if (/[^aeiou]y$/.test(v)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

function replacePronoun(tok: string, name: string): string {
  const m = /^(he|she|him|his|hers|her)([,;:]?)$/i.exec(tok);
  if (!m) return tok;
  const pron = m[1]!.toLowerCase();
  return (pron === 'his' || pron === 'hers' ? `${name}’s` : name) + m[2];
}
