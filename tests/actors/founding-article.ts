/** The founding article, cleaned and split as ingest does, shared by the actor tests. */
import { readFileSync } from 'node:fs';
import { cleanArticleText } from '../../src/text/clean.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import gold from '../fixtures/founding-actors.json' with { type: 'json' };
import { FOUNDING_ARTICLE } from '../helpers/run-cli.ts';

export const FOUNDING_TITLE = 'Putin tightens embrace of Lukashenko as Belarus protests go on';
export const foundingSentences = splitSentences(cleanArticleText(readFileSync(FOUNDING_ARTICLE, 'utf8')));
export const foundingGold = gold.actors as { name: string; type: 'person' | 'organisation' | 'place' }[];
