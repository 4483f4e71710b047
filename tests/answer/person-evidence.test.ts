import { describe, expect, it } from 'vitest';
import type { BriefingEngine, PassageActor } from '../../src/llm/engine.ts';
import { FallbackEngine } from '../../src/llm/fallback-engine.ts';
import { answerFromPassages } from '../../src/llm/offline/answer.ts';
import { namesAgentOf } from '../../src/llm/offline/answer-people.ts';
import { answerTerms } from '../../src/llm/offline/answer-terms.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { RecordingLogger } from '../llm/helpers.ts';

// Made-up articles: "who" evidence read from the types analysis gave each article's actors.
const article = (texts: string[], articleId = 1) =>
  texts.map((text, ordinal) => ({ sourceNo: articleId, articleId, ordinal, text }));
const typed = (actors: PassageActor[], articleId = 1) => new Map([[articleId, actors]]);
const ask = (
  question: string,
  passages: ReturnType<typeof article>,
  articleActors?: ReadonlyMap<number, PassageActor[]>,
) => answerFromPassages({ question, focusActors: [], passages, history: [], articleActors });

describe('who answers from the types found at ingest', () => {
  const worm = article([
    'The Kestrel worm switches off firewall software on the PC and hands control to the writer of the worm.',
  ]);

  it('does not take an acronym or an untyped capital for the one asked about', () => {
    // Capital letters alone read "PC" as a name; analysis found no one in the article.
    expect(ask('Who wrote the Kestrel worm?', worm).supported).toBe(true);
    const draft = ask(
      'Who wrote the Kestrel worm?',
      worm,
      typed([{ name: 'Kestrel', type: 'organisation' }]),
    );
    expect(draft.supported).toBe(false);
  });

  it('prefers the doer of the asked act to the source of the report', () => {
    const passages = article([
      'Grace Holm said members would sign a petition to force a vote on the river bill.',
      'That petition was introduced by Senator Ada Moss last spring.',
    ]);
    const actors = typed([
      { name: 'Grace Holm', type: 'person' },
      { name: 'Ada Moss', type: 'person' },
    ]);
    const draft = ask('Who introduced the petition to force a vote on the river bill?', passages, actors);
    expect(draft.supported).toBe(true);
    expect(draft.text.split('[1]')[0]).toMatch(/Ada Moss/);
  });

  it('takes the one a sentence is attributed to when the question asks who said it', () => {
    const passages = article([
      'The river bill is bound to fail, warned Grace Holm, a lawyer for the growers.',
    ]);
    const draft = ask(
      'Who warned that the river bill would fail?',
      passages,
      typed([{ name: 'Grace Holm', type: 'person' }]),
    );
    expect(draft.supported).toBe(true);
    expect(draft.text).toMatch(/Grace Holm/);
  });

  it('accepts an organisation as the answer to "who"', () => {
    const passages = article([
      'The Fair Trade Office concluded that ink cartridge pricing should be clearer.',
    ]);
    const draft = ask(
      'Who concluded that ink cartridge pricing should be clearer?',
      passages,
      typed([{ name: 'Fair Trade Office', type: 'organisation' }]),
    );
    expect(draft.supported).toBe(true);
  });
});

describe('the passive agent of the asked act', () => {
  const focus = new Set(answerTerms('who founded the mill'));

  it('finds the name after "by" that follows the question’s verb', () => {
    expect(namesAgentOf('The mill was founded by Ada Moss in 1901.', focus)).toBe(true);
    expect(namesAgentOf('The mill was visited by Ada Moss in 1901.', focus)).toBe(false);
    expect(namesAgentOf('The mill was founded by hand.', focus)).toBe(false);
  });
});

describe('which engines read the articles’ actors', () => {
  const offline = new OfflineEngine();
  const unused = () => Promise.reject(new Error('not called'));
  const generative: BriefingEngine = {
    id: 'llm',
    extractive: false,
    analyseArticle: unused,
    composeBriefing: unused,
    answer: unused,
  };

  it('the offline engine reads them for "who did…" questions only', () => {
    expect(offline.readsArticleActors('Who introduced the river bill?')).toBe(true);
    expect(offline.readsArticleActors('Who is Ada Moss?')).toBe(false);
    expect(offline.readsArticleActors('When was the river bill introduced?')).toBe(false);
  });

  it('behind a fallback, as the primary does', () => {
    const logger = new RecordingLogger();
    expect(new FallbackEngine(offline, offline, logger).readsArticleActors('Who won?')).toBe(true);
    expect(new FallbackEngine(generative, offline, logger).readsArticleActors('Who won?')).toBe(false);
  });
});
