import { buildBriefing } from '../briefing/build-briefing.ts';
import { searchTerms } from '../briefing/search-terms.ts';
import type { BriefingLength } from '../llm/engine.ts';
import { defineCommand } from './command.ts';
import { cite, typeLabel } from './format.ts';
import { engineFooter, messages } from './messages.ts';
import { messageReply } from './reply.ts';
import { parseSince } from './since.ts';

export const briefCommand = defineCommand({
  name: 'brief',
  description: 'A briefing on the stored articles: overview, key points, actors, sources',
  expensive: true,
  preconditions: ['rate-limited'],
  options: [
    {
      name: 'topic',
      description: 'What the briefing is about (all recent articles if empty)',
      type: 'string',
      maxLength: 200,
    },
    {
      name: 'since',
      description: 'Only articles since a date (YYYY-MM-DD) or period (24h, 3d, 2w)',
      type: 'string',
      maxLength: 30,
    },
    {
      name: 'length',
      description: 'How long the briefing is',
      type: 'string',
      choices: ['short', 'standard', 'long'] satisfies BriefingLength[],
    },
  ],
  async run(options, ctx) {
    const topic = options.topic;
    if (topic && searchTerms(topic).length === 0)
      return messageReply(messages.unsearchableTopic(topic), 'bad-option');
    let since: string | undefined;
    if (options.since !== undefined) {
      const parsed = parseSince(options.since, ctx.services.clock.now());
      if (!parsed.ok) return messageReply(parsed.message, 'bad-option');
      since = parsed.value;
    }
    const length = options.length ?? 'standard';
    const briefing = await buildBriefing(ctx.services, ctx.tenant, {
      topic,
      since,
      length,
      conversationId: ctx.conversationId,
    });
    if (!briefing) {
      if (topic) return messageReply(messages.noArticlesMatch(topic), 'no-match');
      if (options.since) return messageReply(messages.noArticlesSince(options.since), 'no-match');
      return messageReply(messages.noArticles, 'no-articles');
    }
    const title = topic ? `Briefing: ${topic}` : 'Briefing: latest articles';
    return {
      title,
      body: cite(briefing.overview.text, briefing.overview.sources),
      sections: [
        { heading: 'Key points', items: briefing.keyPoints.map((p) => cite(p.text, p.sources)) },
        {
          heading: 'Actors',
          items: briefing.actors.map(
            (a) => `${a.name} (${typeLabel(a.type)})${a.role ? `: ${a.role}` : ''}${cite('', a.sources)}`,
          ),
        },
      ].filter((s) => s.items.length > 0),
      sources: briefing.sources,
      footer: `${briefing.note ?? engineFooter(ctx.services.engine, 'briefing')} Ask follow-up questions about the actors.`,
      conversation: { id: ctx.conversationId, threadName: title },
    };
  },
});
