import { type IngestOutcome, ingestArticle } from '../briefing/ingest-article.ts';
import { ingestLink } from '../briefing/ingest-link.ts';
import type { NewArticle } from '../core/types.ts';
import { documentToArticle } from '../ingest/document-to-article.ts';
import { INGEST_LIMITS } from '../ingest/limits.ts';
import { defineCommand } from './command.ts';
import { messages } from './messages.ts';
import { messageReply } from './reply.ts';

export const articleAddCommand = defineCommand({
  name: 'add',
  description: 'Store an article from a link, pasted text or a .txt/.md/.html file',
  preconditions: ['manage', 'rate-limited'],
  expensive: true,
  options: [
    { name: 'text', description: 'The article text', type: 'string', maxLength: INGEST_LIMITS.maxBytes },
    { name: 'file', description: 'A .txt, .md or .html file (up to 5 MB)', type: 'attachment' },
    { name: 'title', description: 'Title (else taken from the text)', type: 'string', maxLength: 200 },
    {
      name: 'url',
      description: 'A link to fetch (given alone), or where the text/file was published',
      type: 'string',
      maxLength: 2000,
    },
    { name: 'published', description: 'Publication date, YYYY-MM-DD', type: 'string', maxLength: 30 },
  ],
  async run(options, ctx) {
    let { text, url } = options;
    const { file } = options;
    // `/article add https://…` in the shell puts the link in `text`: a bare link means fetch it.
    if (text && !file && !url && /^https?:\/\/\S+$/i.test(text.trim())) {
      url = text.trim();
      text = undefined;
    }
    // A link alone means "fetch this page"; beside text or a file it is that article's address.
    if (url && !text && !file) {
      const fetched = await ingestLink(ctx.services, ctx.tenant, url, {
        title: options.title,
        publishedAt: options.published,
      });
      if (!fetched.ok) return messageReply(messages.articleRejected(fetched.message), 'rejected');
      return outcomeReply(fetched.value);
    }
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
    if (options.title) article.title = options.title;
    if (options.url) article.url = options.url;
    if (options.published) article.publishedAt = options.published;
    const result = await ingestArticle(ctx.services, ctx.tenant, article);
    if (!result.ok) return messageReply(messages.articleRejected(result.message), 'rejected');
    return outcomeReply(result.value);
  },
});

function outcomeReply(outcome: IngestOutcome): ReturnType<typeof messageReply> {
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
}
