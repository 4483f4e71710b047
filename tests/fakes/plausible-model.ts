/**
 * A plausible OpenAI-compatible model for tests and benchmarks: valid, deterministic replies
 * derived from the prompt itself (summary = first sentence, actors = capitalised names, answers
 * = the first passage of source 1, cited). Used with FakeOpenAiServer.
 */
import { type ChatRequestBody, type FakeResponse, json, taskOf, text } from './fake-openai-server.ts';

export type Task = 'analyse' | 'brief' | 'answer';

const TASK_OF_SCHEMA: Record<string, Task> = {
  article_analysis: 'analyse',
  briefing: 'brief',
  answer: 'answer',
};

/** Words that start a capitalised run without being part of a name. */
const NOT_NAME_START = new Set(
  'The A An But And In On At Of For To If It He She They We This That These Those His Her Their Its European British Scottish Commissioner Mr Mrs Ms Dr Sir Lord Lady Chancellor Prime Minister Foreign Home Secretary Tory Labour Conservative Liberal Democrat Former Ex Shadow Leader President Deputy Chief First Mayor When While After Before As Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December'.split(
    ' ',
  ),
);
const ORGANISATION_WORDS =
  /\b(Party|Office|Commission|Council|Ministry|Bank|Department|Association|Committee|Union|Service|Agency|Court|Commons|Lords|Parliament|House|Trust|Group|Institute|University|Foundation|Corporation|Conservatives|Democrats|Labour|Government|Board|Authority|Network|Federation|Confederation|Executive|Assembly|Street|Treasury|Company|News|Times|Post)\b/;
const PLACE_WORDS =
  /\b(Vegas|Blackpool|Manchester|Gibraltar|Westminster|Glasgow|Kingdom|States|Scotland|England|Wales|Ireland|Britain|London|Europe|America|Africa|Asia)\b/;

/** Replies as a plausible model would, per task (by the response_format schema name). */
export function plausibleModel(body: ChatRequestBody): {
  response: FakeResponse;
  task: Task;
  completionChars: number;
} {
  const schema = taskOf(body);
  const task = TASK_OF_SCHEMA[schema];
  if (!task) throw new Error(`unexpected request (task "${schema}")`);
  const user = body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  if (task === 'analyse') {
    // Analysis is asked for in its line format (see the analyse prompt).
    const content = analysisLines(analysis(user));
    return { response: text(content), task, completionChars: content.length };
  }
  const content = task === 'brief' ? briefing(user) : answer(user);
  return { response: json(content), task, completionChars: JSON.stringify(content).length };
}

/** The analysis object in the tagged-line format the analyse prompt asks for. */
function analysisLines(a: ReturnType<typeof analysis>): string {
  return [
    `S: ${a.summary} (${a.summarySentences.join(', ')})`,
    ...a.keyPoints.map((k) => `P: ${k.text} (${k.sentences.join(', ')})`),
    ...a.actors.map((x) => `A: ${x.name} | ${x.type} | ${x.aliases.join('; ')} | ${x.roles.join('; ')}`),
  ].join('\n');
}

/** Summary = first sentence, key points = first sentences, actors = capitalised names; no quotes. */
function analysis(prompt: string) {
  const sentences = [...prompt.matchAll(/^\[(\d+)\] (.*)$/gm)].map((m) => ({
    n: Number(m[1]),
    text: m[2]!,
  }));
  const counts = new Map<string, number>();
  for (const s of sentences) {
    for (const m of s.text.matchAll(/\b[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}\b/g)) {
      const words = m[0].split(/\s+/);
      while (words.length > 0 && NOT_NAME_START.has(words[0]!)) words.shift();
      if (words.length === 0) continue;
      const name = words.join(' ').replace(/[’']s$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    for (const m of s.text.matchAll(/\b[A-Z]{2,5}\b/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  // Most mentioned first; ties keep first appearance (Map order), as Array.sort is stable.
  const names = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name]) => name);
  return {
    summary: sentences[0]?.text ?? '',
    summarySentences: sentences[0] ? [sentences[0].n] : [],
    keyPoints: sentences.slice(0, 3).map((s) => ({ text: s.text, sentences: [s.n] })),
    actors: names.map((name) => ({
      name,
      type:
        ORGANISATION_WORDS.test(name) || /^[A-Z]{2,5}$/.test(name)
          ? 'organisation'
          : PLACE_WORDS.test(name)
            ? 'place'
            : name.includes(' ')
              ? 'person'
              : 'organisation',
      aliases: [],
      roles: [],
    })),
    quotes: [],
    relations: [],
  };
}

/** Overview from the first source's summary, one key point per source (as many as asked). */
function briefing(prompt: string): object {
  const sources = [...prompt.matchAll(/<source n="(\d+)">\n([\s\S]*?)\n<\/source>/g)].map((m) => ({
    n: Number(m[1]),
    title: /^Title: (.*)$/m.exec(m[2]!)?.[1] ?? '',
    summary: /^Summary: (.*)$/m.exec(m[2]!)?.[1] ?? '',
  }));
  const keyPoints = Number(/at most (\d+) key points/.exec(prompt)?.[1] ?? 3);
  return {
    overview: {
      text: `${sources[0]?.summary ?? ''} Also: ${sources
        .slice(1)
        .map((s) => s.title)
        .join('; ')}.`,
      sources: sources.map((s) => s.n),
    },
    keyPoints: sources.slice(0, keyPoints).map((s) => ({ text: s.summary, sources: [s.n] })),
  };
}

/** The first passage of source 1, cited. */
function answer(prompt: string): object {
  const block = /<source n="1">\n([\s\S]*?)\n<\/source>/.exec(prompt)?.[1] ?? '';
  const line = block
    .split('\n')[0]
    ?.replace(/^- /, '')
    .replace(/ \(quote by [^)]*\)$/, '');
  return line
    ? { answer: `${line} [1]`, supported: true }
    : { answer: 'The articles do not say.', supported: false };
}
