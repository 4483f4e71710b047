import { answerQuestion } from '../briefing/answer-question.ts';
import type { CommandContext, LeafCommand } from './command.ts';
import { engineFooter, messages } from './messages.ts';
import { messageReply, type Reply } from './reply.ts';

export const askCommand: LeafCommand = {
  name: 'ask',
  description: 'Ask a question; the answer cites the stored articles',
  expensive: true,
  options: [
    {
      name: 'question',
      description: 'Your question, e.g. Who is Valery Tsepkalo?',
      type: 'string',
      required: true,
      minLength: 2,
      maxLength: 500,
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
    return answer(options.question as string, ctx, options.article as number | undefined);
  },
};

/** Answers a question (from /ask or a follow-up message) in the caller's conversation. */
export async function answer(question: string, ctx: CommandContext, articleId?: number): Promise<Reply> {
  if (!question.trim()) return messageReply(messages.emptyQuestion, 'bad-option');
  if ((await ctx.services.store.countArticles(ctx.tenant)) === 0)
    return messageReply(messages.noArticles, 'no-articles');
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
