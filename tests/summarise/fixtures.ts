/** Small hand-written articles for summariser behaviour tests. */

/** Sentences as the summariser receives them. */
export function asSentences(texts: readonly string[]): { text: string; paragraph: number }[] {
  return texts.map((text, i) => ({ text, paragraph: Math.floor(i / 3) }));
}

export const FLOOD_TITLE = 'Carlisle floods force hundreds from homes after Storm Desmond';

/** A flood story whose lead sentences include material that reads badly in a summary. */
export const FLOOD = [
  'Scroll down for video Pictured: the flooded high street in Carlisle on Sunday morning',
  'Will the town of Carlisle ever recover from the floods?',
  '‘It is absolutely devastating, we have lost everything we own,’ a resident of Carlisle said.',
  'Floods have forced hundreds of families from their homes in Carlisle after Storm Desmond brought record rainfall to Cumbria.',
  'The Environment Agency said river levels in Carlisle were the highest ever recorded after Storm Desmond.',
  'Soldiers helped emergency services evacuate residents from flooded homes in Carlisle overnight.',
  'More rain is forecast for Cumbria later this week, the Met Office said.',
  'Insurers expect claims from the Carlisle floods to run into hundreds of millions of pounds.',
  'Local schools will stay closed until Wednesday.',
];
