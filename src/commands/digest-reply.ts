import type { Digest } from '../briefing/build-digest.ts';
import { digestText } from './digest-text.ts';
import { cite, plural, typeLabel } from './format.ts';
import type { Reply, Section } from './reply.ts';

export interface DigestHeading {
  /** What the digest covers: its topic, or the whole server. */
  topic?: string | undefined;
  /** The local date it is for, e.g. 2026-03-01. */
  localDate: string;
  /** How the window reads, e.g. "since 2026-02-28 08:00 Europe/Berlin". */
  window: string;
}

/**
 * A digest as a reply: one section per story (summary, actors, sources), then who was most in the
 * news. With a conversation id, the reply starts that conversation (its thread takes follow-ups).
 */
export function digestReply(digest: Digest, heading: DigestHeading, conversationId?: string): Reply {
  const sections: Section[] = digest.stories.map((story) => {
    const actors = story.actors.map((a) => `${a.name} (${a.role ?? typeLabel(a.type)})`).join('; ');
    return {
      heading: story.title,
      text: [cite(story.summary, story.sources), actors ? `${digestText.actorsLabel}: ${actors}` : '']
        .filter(Boolean)
        .join('\n'),
    };
  });
  if (digest.mostInNews.length > 0) {
    sections.push({
      heading: digestText.mostInNews,
      items: digest.mostInNews.map(
        (a) => `${a.name} (${typeLabel(a.type)}): ${plural(a.mentions, 'mention')}`,
      ),
    });
  }
  const title = digestText.title(heading.topic, heading.localDate);
  return {
    title,
    body: digestText.overview(digest.articleCount, digest.stories.length, digest.moreStories, heading.window),
    sections,
    sources: digest.sources,
    footer: digestText.footer,
    conversation: conversationId ? { id: conversationId, threadName: title } : undefined,
  };
}

/** The one line an empty window posts when the schedule says `when-empty: post`. */
export function emptyDigestReply(heading: DigestHeading): Reply {
  return { body: digestText.empty(heading.topic, heading.window), sections: [], sources: [] };
}
