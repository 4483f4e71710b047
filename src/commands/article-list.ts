import { defineCommand } from './command.ts';
import { messages } from './messages.ts';
import { messageReply } from './reply.ts';

export const articleListCommand = defineCommand({
  name: 'list',
  description: 'List stored articles, newest first',
  options: [{ name: 'limit', description: 'How many (default 20)', type: 'integer', min: 1, max: 100 }],
  async run(options, ctx) {
    const limit = options.limit ?? 20;
    const [articles, total] = await Promise.all([
      ctx.services.store.listArticles(ctx.tenant, { limit }),
      ctx.services.store.countArticles(ctx.tenant),
    ]);
    if (articles.length === 0) return messageReply(messages.noArticles, 'no-articles');
    return {
      title: `Articles (${articles.length} of ${total})`,
      sections: [
        {
          heading: 'Newest first',
          items: articles.map((a) => {
            const date = (a.publishedAt ?? a.ingestedAt).slice(0, 10);
            return `#${a.id} · ${date} · ${a.title} (${a.wordCount} words${a.source ? `, ${a.source}` : ''})`;
          }),
        },
      ],
      sources: [],
      footer: 'Use /article show <id> to read one.',
    };
  },
});
