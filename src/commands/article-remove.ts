import type { LeafCommand } from './command.ts';
import { messages } from './messages.ts';
import { messageReply } from './reply.ts';

export const articleRemoveCommand: LeafCommand = {
  name: 'remove',
  description: 'Remove an article and everything derived from it',
  mutates: true,
  options: [
    {
      name: 'id',
      description: 'The article number',
      type: 'integer',
      required: true,
      min: 1,
      autocomplete: 'article',
    },
  ],
  async run(options, ctx) {
    const id = options.id as number;
    const article = await ctx.services.store.getArticle(ctx.tenant, id);
    if (!article) return messageReply(messages.articleNotFound(id), 'not-found');
    await ctx.services.store.removeArticle(ctx.tenant, id);
    return messageReply(messages.articleRemoved(id, article.title));
  },
};
