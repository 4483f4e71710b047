import { describeSources } from '../briefing/sources.ts';
import { defineCommand } from './command.ts';
import { messages } from './messages.ts';
import { messageReply } from './reply.ts';

/** The numbered sources of the conversation a post started (a briefing's or digest's "Sources" button). */
export const sourcesCommand = defineCommand({
  name: 'sources',
  description: 'The sources of this briefing',
  hidden: true,
  options: [],
  async run(_options, ctx) {
    const { store } = ctx.services;
    const conversation = await store.getConversation(ctx.tenant, ctx.conversationId);
    // Numbered in the post's order, so [n] here matches [n] in the post.
    const sources = await describeSources(store, ctx.tenant, conversation?.articleIds ?? []);
    if (sources.length === 0) return messageReply(messages.noSources, 'not-found');
    return { title: messages.sourcesTitle, sections: [], sources, ephemeral: true };
  },
});
