/**
 * What a generative engine must return, before grounding. Provider-neutral: the openai adapter
 * turns these into JSON Schema for structured output; grounding turns them into domain types.
 * No optional fields: strict structured output wants every property required.
 */
import { z } from 'zod';

export const RawAnalysisSchema = z.object({
  summary: z.string().describe('Two to four sentences: what happened, who, why it matters.'),
  summarySentences: z
    .array(z.int())
    .optional()
    .describe('Numbers of the article sentences the summary rests on.'),
  keyPoints: z
    .array(
      z.object({
        text: z.string(),
        sentences: z.array(z.int()).describe('Numbers of the article sentences that support the point.'),
      }),
    )
    .describe('At most six key points, most important first.'),
  actors: z.array(
    z.object({
      name: z.string().describe('Canonical full name as the article gives it.'),
      type: z.enum(['person', 'organisation', 'place']),
      aliases: z.array(z.string()).describe('Other forms the article uses: surname, acronym, short name.'),
      roles: z.array(z.string()).describe('Roles as the article describes them, e.g. "Russian President".'),
    }),
  ),
  quotes: z.array(
    z.object({
      speaker: z.string().describe('Name of the actor who said it.'),
      text: z.string().describe('The words inside the quotation marks, copied verbatim.'),
    }),
  ),
  relations: z.array(
    z.object({
      subject: z.string(),
      kind: z.enum(['supports', 'opposes', 'meets', 'criticises', 'allied-with']),
      object: z.string(),
      sentence: z.int().describe('Number of the sentence that shows the relation.'),
    }),
  ),
});
export type RawAnalysis = z.infer<typeof RawAnalysisSchema>;

const CitedTextSchema = z.object({
  text: z.string(),
  sources: z.array(z.int()).describe('Numbers [n] of the sources that support the text.'),
});

export const RawBriefingSchema = z.object({
  overview: CitedTextSchema,
  keyPoints: z.array(CitedTextSchema),
});
export type RawBriefing = z.infer<typeof RawBriefingSchema>;

export const RawAnswerSchema = z.object({
  answer: z
    .string()
    .describe('The answer with [n] citations, or a plain statement that the sources do not say.'),
  supported: z.boolean().describe('False when the sources do not support an answer.'),
});
export type RawAnswer = z.infer<typeof RawAnswerSchema>;
