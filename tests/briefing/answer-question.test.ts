import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/briefing/answer-question.ts';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import { foundingServices } from '../helpers/founding-services.ts';

type Ctx = Awaited<ReturnType<typeof foundingServices>>;

describe('answering questions on the founding article through the real pipeline', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await foundingServices();
  });
  afterAll(() => ctx.store.close());

  const ask = (question: string, conversationId = `c-${question}`) =>
    answerQuestion(ctx, 'guild-a', { question, conversationId });

  // Each answer must contain the fact, cite [1], and that source must be the founding article.
  it.each([
    ['Who is Valery Tsepkalo?', /opposition politician/],
    ['What does Putin want?', /doesn’t want to end up on the losing side/],
    ['Where is Sviatlana Tsikhanouskaya?', /exile in Lithuania/],
    ['How old is Lukashenko?', /66/],
    ['Who heads the St. Petersburg Politics Foundation?', /Mikhail Vinogradov/],
    ['When were the elections in Belarus?', /Aug\. 9/],
    ['How much debt did Belarus ask Russia to reschedule?', /\$1 billion/],
    ['Where will Putin host Lukashenko for talks?', /Sochi/],
    ['What did Lukashenko call Putin?', /older brother/],
    ['Who is Nigel Gould-Davies?', /former U\.K\. ambassador to Belarus/],
    ['What did the European Union do?', /condemned the repression/],
    ['Until when could Putin extend his rule?', /2036/],
    ['What has Russia dispatched to Belarus?', /media workers/],
    ['What did Putin say?', /Putin said last month he’d agreed with Lukashenko to send Russian police/],
  ])('%s', async (question, fact) => {
    const answer = await ask(question);
    expect(answer.supported).toBe(true);
    expect(answer.text).toMatch(fact);
    expect(answer.text).toMatch(/\[1\]/);
    expect(answer.text).not.toMatch(/\[[2-9]\]/);
    expect(answer.sources).toEqual([
      expect.objectContaining({ n: 1, articleId: ctx.articleId, url: 'https://news.example/belarus' }),
    ]);
  });

  it.each([
    ['Who is Vladimir Putin?', 'Vladimir Putin is the Russian President. [1]'],
    ['Who is Lukashenko?', 'Alexander Lukashenko is the Belarusian ruler. [1]'],
    ['Who is Mikhail Vinogradov?', 'Mikhail Vinogradov heads the St. Petersburg Politics Foundation.'],
  ])('answers "%s" with the role the article gives', async (question, lead) => {
    expect((await ask(question)).text.startsWith(lead)).toBe(true);
  });

  it('matches an actor however the question names it (EU, U.S.)', async () => {
    expect((await ask('What did the EU do?')).text).toMatch(/condemned the repression/);
    expect((await ask('What did the U.S. do?')).text).toMatch(/condemned the repression/);
  });

  it('answers what an actor wants from sentences where that actor acts', async () => {
    const answer = await ask('What does Lukashenko want?');
    expect(answer.text).toMatch(/sought a rapprochement with the West/);
    expect(answer.text).not.toMatch(/is determined opposition demonstrators/);
  });

  it('shows a quote with whoever said it, and gathers the actor’s own quotes', async () => {
    const putin = await ask('What does Putin want?');
    expect(putin.text).toContain('said Mikhail Vinogradov');
    const lukashenko = await ask('What did Lukashenko say?');
    expect(lukashenko.text).toContain('“That if Belarus breaks, Russia will be next.”');
    expect(lukashenko.text).toContain(
      '“You know what we agreed with the Russian establishment and leadership?” he said.',
    );
    expect(lukashenko.text).not.toContain('Tsepkalo');
  });

  it.each([
    'What is Lukashenko’s favourite food?',
    'Who is Angela Merkel?',
    'What did Tsepkalo say about China?',
    'What is the capital of Australia?',
  ])('says plainly that the articles do not say: %s', async (question) => {
    const answer = await ask(question);
    expect(answer.supported).toBe(false);
    expect(answer.text).toMatch(/^The stored articles don't (say|answer)/);
    expect(answer.sources).toEqual([]);
  });

  it('resolves pronouns in follow-ups from the conversation', async () => {
    await ask('Who is Vladimir Putin?', 'follow');
    const he = await ask('What does he want?', 'follow');
    expect(he.actors).toEqual(['Vladimir Putin']);
    expect(he.text).toMatch(/losing side/);
    await ask('Where is Tsikhanouskaya?', 'follow');
    const she = await ask('What does she want?', 'follow');
    expect(she.actors).toEqual(['Sviatlana Tsikhanouskaya']);
    expect(she.text).toMatch(/wants Lukashenko to begin talks on handing over power/);
  });

  it('says the articles do not say what an actor wants when no sentence says it', async () => {
    await ask('Who is Valery Tsepkalo?', 'tsepkalo');
    const wants = await ask('What does he want?', 'tsepkalo');
    expect(wants.actors).toEqual(['Valery Tsepkalo']);
    expect(wants.supported).toBe(false);
    expect(wants.text).toBe("The stored articles don't say. Searched for Valery Tsepkalo and for “want”.");
  });

  it('never answers from another tenant’s articles', async () => {
    const empty = await answerQuestion(ctx, 'guild-c', {
      question: 'Who is Valery Tsepkalo?',
      conversationId: 'x',
    });
    expect(empty.supported).toBe(false);
    expect(empty.sources).toEqual([]);
    // Both tenants know Tsepkalo; each answer comes from its own tenant's article only.
    const other = await ingestArticle(ctx, 'guild-b', {
      title: 'Tech park founder',
      text: 'Valery Tsepkalo, a former diplomat, founded the Belarus High Technologies Park in Minsk. The park hosts hundreds of software companies.',
    });
    if (!other.ok || other.value.status !== 'added') throw new Error('not added');
    const inB = await answerQuestion(ctx, 'guild-b', {
      question: 'Who is Valery Tsepkalo?',
      conversationId: 'b',
    });
    expect(inB.text).toContain('founded the Belarus High Technologies Park');
    expect(inB.sources.map((s) => s.articleId)).toEqual([other.value.article.id]);
    const inA = await ask('Who is Valery Tsepkalo?', 'a-again');
    expect(inA.text).not.toContain('Technologies Park');
    expect(inA.sources.map((s) => s.articleId)).toEqual([ctx.articleId]);
  });
});
