import { defineCommand } from './command.ts';
import { typeLabel } from './format.ts';
import { messages } from './messages.ts';
import { ARTICLE_ID_OPTION } from './options.ts';
import { messageReply } from './reply.ts';

/** How much of the article text a reply shows; the rest is there for questions. */
const EXCERPT_CHARS = 1200;

export const articleShowCommand = defineCommand({
  name: 'show',
  description: 'Show one article: summary, key points, actors and the start of its text',
  options: [ARTICLE_ID_OPTION],
  async run(options, ctx) {
    const { id } = options;
    const { store } = ctx.services;
    const article = await store.getArticle(ctx.tenant, id);
    if (!article) return messageReply(messages.articleNotFound(id), 'not-found');
    const analysis = (await store.getAnalyses(ctx.tenant, [id])).get(id);
    const outlets = (await ctx.services.nearDuplicates?.listOutlets(ctx.tenant, [id]))?.get(id) ?? [];
    const excerpt =
      article.text.length > EXCERPT_CHARS ? `${cutAtWord(article.text, EXCERPT_CHARS)}…` : article.text;
    const meta = [
      `#${article.id}`,
      article.source,
      article.byline ? `by ${article.byline}` : undefined,
      (article.publishedAt ?? article.ingestedAt).slice(0, 10),
      `${article.wordCount} words`,
    ].filter(Boolean);
    return {
      title: article.title,
      body: meta.join(' · '),
      sections: [
        ...(analysis ? [{ heading: 'Summary', text: analysis.summary }] : []),
        ...(analysis && analysis.actors.length > 0
          ? [
              {
                heading: 'Actors',
                items: analysis.actors
                  .slice(0, 10)
                  .map((a) => `${a.name} (${typeLabel(a.type)})${a.roles[0] ? `: ${a.roles[0]}` : ''}`),
              },
            ]
          : []),
        ...(outlets.length > 0
          ? [
              {
                heading: messages.alsoPublishedBy,
                items: outlets.map((o) =>
                  [o.source, o.title, o.publishedAt?.slice(0, 10), o.url].filter(Boolean).join(' · '),
                ),
              },
            ]
          : []),
        { heading: 'Text', text: excerpt },
      ],
      sources: [
        {
          n: 1,
          articleId: article.id,
          title: article.title,
          url: article.url,
          source: article.source,
          publishedAt: article.publishedAt,
        },
      ],
    };
  },
});

function cutAtWord(text: string, max: number): string {
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return space > max / 2 ? cut.slice(0, space) : cut;
}
