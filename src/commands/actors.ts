import { listActors } from '../briefing/actor-directory.ts';
import { searchTerms } from '../briefing/search-terms.ts';
import { defineCommand } from './command.ts';
import { plural, typeLabel } from './format.ts';
import { messages } from './messages.ts';
import { messageReply } from './reply.ts';

export const actorsCommand = defineCommand({
  name: 'actors',
  description: 'Who the articles are about: people, organisations, countries, most important first',
  options: [
    {
      name: 'topic',
      description: 'Only actors of articles about this topic',
      type: 'string',
      maxLength: 200,
    },
    {
      name: 'article',
      description: 'Only actors of this article (its number)',
      type: 'integer',
      min: 1,
      autocomplete: 'article',
    },
  ],
  async run(options, ctx) {
    const { topic, article: articleId } = options;
    if (topic && searchTerms(topic).length === 0)
      return messageReply(messages.unsearchableTopic(topic), 'bad-option');
    const result = await listActors(ctx.services, ctx.tenant, { topic, articleId, limit: 20 });
    if (!result) return messageReply(messages.articleNotFound(articleId!), 'not-found');
    if (result.articleCount === 0) {
      return topic
        ? messageReply(messages.noArticlesMatch(topic), 'no-match')
        : messageReply(messages.noArticles, 'no-articles');
    }
    if (result.actors.length === 0) return messageReply(messages.noActors, 'no-match');
    const scope =
      result.scope === 'article'
        ? `article #${articleId}`
        : result.scope === 'topic'
          ? `“${topic}”`
          : 'all articles';
    return {
      title: `Actors: ${scope}`,
      sections: [
        {
          heading: `${plural(result.actors.length, 'actor')} in ${plural(result.articleCount, 'article')}`,
          items: result.actors.map((a) => {
            const role = a.roles[0]?.text;
            const mentions = `${a.mentionCount} mention${a.mentionCount === 1 ? '' : 's'}`;
            const inArticles =
              result.articleCount > 1
                ? `, ${a.articleIds.length} article${a.articleIds.length === 1 ? '' : 's'}`
                : '';
            return `${a.name} (${typeLabel(a.type)})${role ? `: ${role}` : ''} · ${mentions}${inArticles}`;
          }),
        },
      ],
      sources: [],
      footer: 'Use /actor <name> for a profile.',
    };
  },
});
