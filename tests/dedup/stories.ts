/** Hand-written stories for near-duplicate tests: one story, a wire copy of it, and another story on the same topic. */

export const TRAM_VOTE = [
  'Councillors in Riverton voted by 31 to 12 on Tuesday night to approve the long-delayed eastern tram line, ending a dispute that has divided the city for almost a decade.',
  'The £240m scheme will run eleven kilometres from the central station to the hospital quarter, with fourteen stops and trams every six minutes at peak times.',
  'Council leader Amira Patel told the chamber that the vote was "a turning point for a city that has waited too long", and promised that construction would begin in the spring.',
  'Opponents argued the route would cut through the Eastbrook allotments and bring years of disruption to traders on Mill Road.',
  'Shopkeeper Daniel Okafor said many businesses on the road feared they would not survive two summers of roadworks without compensation.',
  'The council said a hardship fund of £3m would be set aside for affected businesses, and that the allotment holders would be offered new plots beside the river.',
  'Transport campaigners welcomed the decision but warned that the budget left little room for the overruns that have plagued similar projects elsewhere.',
  'A public inquiry into the compulsory purchase of land along the route is expected to open in March.',
].join(' ');

/** TRAM_VOTE as another outlet ran it: a dateline, a few words changed, a sentence dropped, its own footer. */
export const TRAM_VOTE_WIRE_COPY = [
  'RIVERTON (City Wire) -',
  '',
  'Councillors in Riverton voted by 31 votes to 12 on Tuesday evening to approve the long-delayed eastern tram line, ending a row that has divided the city for almost a decade.',
  'The £240m scheme will run eleven kilometres from the main station to the hospital quarter, with fourteen stops and trams every six minutes at peak times.',
  'Council leader Amira Patel told the chamber that the vote was "a turning point for a city that has waited too long", and promised that construction would begin in the spring.',
  'Opponents argued the route would cut through the Eastbrook allotments and bring years of disruption to traders on Mill Road.',
  'The council said a hardship fund of £3m would be set aside for affected businesses, and that allotment holders would be offered new plots beside the river.',
  'Transport campaigners welcomed the decision but warned that the budget left little room for the overruns that have plagued similar projects elsewhere.',
  'A public inquiry into the compulsory purchase of land along the route is due to open in March.',
  '',
  'Sign up for our newsletter to get the day’s top stories.',
].join(' ');

/** Same topic (the tram line), different story. */
export const TRAM_CRASH = [
  'Two workers were taken to hospital on Friday after a crane toppled over at the construction site of Riverton’s eastern tram line.',
  'The accident happened shortly after 7am near the Mill Road junction, where engineers had been lifting steel sections for the new depot.',
  'Police closed the road for most of the morning and diverted buses through the Eastbrook estate while investigators examined the crane.',
  'The contractor, Hallam Rail, said both men were conscious and that it was working with the Health and Safety Executive to establish the cause.',
  'Local residents said they had complained for weeks about heavy machinery operating close to houses early in the morning.',
  'The council said the incident would not change the timetable for the line, which is due to carry its first passengers in two years.',
  'A union official called for all lifting work on the project to stop until the inquiry had reported.',
].join(' ');
