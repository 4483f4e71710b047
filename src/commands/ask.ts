import { answerQuestion } from '../briefing/answer-question.ts';
import { type CommandContext, defineCommand } from './command.ts';
import { engineFooter, messages } from './messages.ts';
import { messageReply, type Reply } from './reply.ts';

/** The question option, shared with follow-ups so both meet the same limits. */
export const QUESTION_LIMITS = { minLength: 2, maxLength: 500 } as const;

export const askCommand = defineCommand({
  name: 'ask',
  description: 'Ask a question; the answer cites the stored articles',
  expensive: true,
  preconditions: ['rate-limited', 'needs-articles'],
  options: [
    {
      name: 'question',
      description: 'Your question, e.g. Who is Valery Tsepkalo?',
      type: 'string',
      required: true,
      ...QUESTION_LIMITS,
    },
    {
      name: 'article',
      description: 'Only use this article (its number)',
      type: 'integer',
      min: 1,
      autocomplete: 'article',
    },
  ],
  async run(options, ctx) {
    return answer(options.question, ctx, options.article);
  },
});

/** Answers a question (from /ask or a follow-up message) in the caller's conversation. */
export async function answer(question: string, ctx: CommandContext, articleId?: number): Promise<Reply> {
  if (!question.trim()) return messageReply(messages.emptyQuestion, 'bad-option');
  if (articleId !== undefined && !(await ctx.services.store.getArticle(ctx.tenant, articleId))) {
    return messageReply(messages.articleNotFound(articleId), 'not-found');
  }
  const result = await answerQuestion(ctx.services, ctx.tenant, {
    question,
    conversationId: ctx.conversationId,
    articleId,
    onPartialText: ctx.onPartialText,
  });
  return {
    body: result.text,
    sections: [],
    sources: result.sources,
    // A fallback's note says which engine really answered; the configured engine's label would mislead.
    footer: result.note ?? (result.supported ? engineFooter(ctx.services.engine, 'answer') : undefined),
  };
}
