import { ingestArticle } from '../briefing/ingest-article.ts';
import type { NewArticle } from '../core/types.ts';
import { documentToArticle, type IncomingDocument } from '../ingest/document-to-article.ts';
import { INGEST_LIMITS } from '../ingest/limits.ts';
import type { LeafCommand } from './command.ts';
import { messages } from './messages.ts';
import { messageReply } from './reply.ts';

export const articleAddCommand: LeafCommand = {
  name: 'add',
  description: 'Store an article from pasted text or a .txt/.md/.html file',
  mutates: true,
  expensive: true,
  options: [
    { name: 'text', description: 'The article text', type: 'string', maxLength: INGEST_LIMITS.maxBytes },
    { name: 'file', description: 'A .txt, .md or .html file (up to 5 MB)', type: 'attachment' },
    { name: 'title', description: 'Title (else taken from the text)', type: 'string', maxLength: 200 },
    { name: 'url', description: 'Where the article was published', type: 'string', maxLength: 2000 },
    { name: 'published', description: 'Publication date, YYYY-MM-DD', type: 'string', maxLength: 30 },
  ],
  async run(options, ctx) {
    const text = options.text as string | undefined;
    const file = options.file as IncomingDocument | undefined;
    if (!text && !file) return messageReply(messages.addNeedsInput, 'bad-option');
    if (text && file) return messageReply(messages.addOneInput, 'bad-option');
    let article: NewArticle;
    if (file) {
      const parsed = await documentToArticle(file);
      if (!parsed.ok) return messageReply(messages.articleRejected(parsed.message), 'rejected');
      article = parsed.value;
    } else {
      article = { title: '', text: text! };
    }
    if (options.title) article.title = options.title as string;
    if (options.url) article.url = options.url as string;
    if (options.published) article.publishedAt = options.published as string;
    const result = await ingestArticle(ctx.services, ctx.tenant, article);
    if (!result.ok) return messageReply(messages.articleRejected(result.message), 'rejected');
    const outcome = result.value;
    if (outcome.status === 'duplicate') {
      return messageReply(messages.articleDuplicate(outcome.article.id, outcome.article.title));
    }
    if (outcome.status === 'near-duplicate') {
      return messageReply(messages.articleNearDuplicate(outcome.article.id, outcome.article.title));
    }
    return messageReply(
      messages.articleAdded(
        outcome.article.id,
        outcome.article.title,
        outcome.article.wordCount,
        outcome.actorCount,
      ),
    );
  },
};
