import { defineCommand } from './command.ts';
import { messages } from './messages.ts';
import { ARTICLE_ID_OPTION } from './options.ts';
import { messageReply } from './reply.ts';

export const articleRemoveCommand = defineCommand({
  name: 'remove',
  description: 'Remove an article and everything derived from it',
  preconditions: ['manage'],
  options: [ARTICLE_ID_OPTION],
  async run(options, ctx) {
    const { id } = options;
    const article = await ctx.services.store.getArticle(ctx.tenant, id);
    if (!article) return messageReply(messages.articleNotFound(id), 'not-found');
    await ctx.services.store.removeArticle(ctx.tenant, id);
    return messageReply(messages.articleRemoved(id, article.title));
  },
});
