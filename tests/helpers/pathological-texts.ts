/**
 * Generated texts of any size with the shapes that made ingestion quadratic: long prose, lines
 * without spaces or sentence ends, many tiny sentences, a surname repeated thousands of times.
 * Synthetic (a seeded generator), so tests and benchmarks can grow them without any dataset.
 */

/** A small seeded PRNG (mulberry32), so every run generates the same text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Boris', 'Clara', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hugo', 'Irina', 'Jonas'];
const LAST = ['Petrov', 'Lindqvist', 'Okafor', 'Moreau', 'Tanaka', 'Novak', 'Silva', 'Brennan', 'Kowalski'];
const PLACES = ['Minsk', 'Moscow', 'Warsaw', 'Kyiv', 'Vilnius', 'Berlin', 'Paris', 'London'];
const VERBS = ['met', 'criticised', 'supports', 'opposes', 'said', 'visited', 'told reporters in', 'called'];
const NOUNS = ['talks', 'loan', 'protest', 'election', 'ministry', 'agreement', 'budget', 'border', 'court'];

/** News-like prose: names, places, quotes and relations in sentences of varied length, in paragraphs. */
export function prose(chars: number, seed = 1): string {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  let size = 0;
  let n = 0;
  while (size <= chars) {
    const person = `${pick(FIRST)} ${pick(LAST)}`;
    const other = `${pick(FIRST)} ${pick(LAST)}`;
    const sentence =
      n % 5 === 4
        ? `“The ${pick(NOUNS)} ${n} is important,” ${person} said in ${pick(PLACES)}.`
        : `${person} ${pick(VERBS)} ${other} about the ${pick(NOUNS)} in ${pick(PLACES)} on day ${n}, and ${pick(LAST)} ${pick(VERBS)} the ${pick(NOUNS)}.`;
    out.push(n % 4 === 3 ? `${sentence}\n\n` : `${sentence} `);
    size += sentence.length + 1;
    n++;
  }
  return out.join('').slice(0, chars);
}

/** One line of punctuation and letters without a single space. */
export function punctuationLine(chars: number): string {
  return 'a.b,C;d:E!f?"G\'(h)-i'.repeat(Math.ceil(chars / 20)).slice(0, chars);
}

/** Thousands of tiny sentences ("Word12 is here."), one paragraph. */
export function shortSentences(chars: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size <= chars; i++) {
    const s = `Word${i} is here.`;
    out.push(s);
    size += s.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

/** One endless sentence of punctuated words and names, no full stop anywhere. */
export function punctuatedWords(chars: number): string {
  const w = ['Putin,', 'Lukashenko', 'said', 'Minsk,', 'Moscow;', 'supports', 'Tsepkalo', 'who', 'opposes'];
  const more = ['"Belarus"', 'Mr', 'Biden:', 'and', 'Russia', 'met', 'the', '(AP)', 'him'];
  const all = [...w, ...more];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size <= chars; i++) {
    const word = all[(i * 5 + (i >> 4)) % all.length]!;
    out.push(word);
    size += word.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

/** One run of capitalised words: a name that never ends. */
export function capitalisedRun(chars: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size <= chars; i++) {
    const word = `${LAST[i % LAST.length]}${i % 97}`;
    out.push(word);
    size += word.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

/** A surname repeated in every sentence after a few full names: the mention-resolution worst case. */
export function repeatedSurname(chars: number): string {
  const out = ['Anna Petrov met Boris Petrov and Clara Petrov in Minsk.'];
  let size = out[0]!.length;
  for (let i = 0; size <= chars; i++) {
    const s = `Petrov said ${i} things to Petrov.`;
    out.push(s);
    size += s.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

/** Initials and abbreviations everywhere: every full stop is a boundary question. */
export function initials(chars: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size <= chars; i++) {
    const s = `Mr. A. B. Smith${i % 10} of the U.S. met Dr. C. D. Jones.`;
    out.push(s);
    size += s.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

/** The generators by name, for tests and benchmarks that loop over them. */
export const PATHOLOGICAL_TEXTS: Record<string, (chars: number) => string> = {
  prose,
  punctuationLine,
  shortSentences,
  punctuatedWords,
  capitalisedRun,
  repeatedSurname,
  initials,
};
