import fs from 'node:fs';
import { FOUNDING_ARTICLE } from '../helpers/run-cli.ts';

// Articles where order matters to merging: a surname before its full name, two people sharing a
// surname, an acronym spelled out later, the same place in several articles, and a name whose
// initials ("EU") are another actor's acronym, which must not join it.
export const REGISTRY_ARTICLES: { title: string; text: string }[] = [
  {
    title: 'Bush speaks in Texas',
    text: 'Bush spoke to farmers in Texas on Tuesday about trade and taxes.\n\nBush said the harvest had been good and that prices would hold through the winter months.',
  },
  { title: 'Putin tightens his embrace of Lukashenko', text: fs.readFileSync(FOUNDING_ARTICLE, 'utf8') },
  {
    title: 'Former president visits Austin',
    text: 'Former President George Bush visited Austin on Monday with his wife Laura Bush.\n\nGeorge Bush told reporters in Austin that he missed the ranch. Laura Bush opened a library in Texas the next day.',
  },
  {
    title: 'EU ministers meet',
    text: 'The European Union held talks in Brussels about Belarus on Thursday.\n\nThe EU said it would prepare sanctions, and Brussels officials met Sviatlana Tsikhanouskaya, who leads the opposition.',
  },
  {
    title: 'Scientists in Scotland',
    text: 'Researchers at Edinburgh University published a study of Baltic birds on Wednesday.\n\nEdinburgh University said the study took four years and covered twelve species along the coast.',
  },
  {
    title: 'Tsikhanouskaya in Vilnius',
    text: 'Tsikhanouskaya addressed supporters in Vilnius on Sunday and asked the EU for help.\n\n"We will keep going," Tsikhanouskaya said, as Lukashenko called the protests a plot.',
  },
];
