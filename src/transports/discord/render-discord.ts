import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply, Section, Source } from '../../commands/reply.ts';
import { splitText, truncateAtWord } from './split-message.ts';

/** Discord's message and embed caps (characters). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsTotal: 6000,
  embedsPerMessage: 10,
} as const;

// Our footers are one sentence; capping them well below Discord's 2,048 keeps the room every
// message reserves for the footer small.
const FOOTER_MAX = 500;

const COLOURS = { done: 0x2b6cb0, error: 0xc53030, generating: 0x718096 } as const;

/** One Discord message's worth of a reply: plain content or embeds (components are added by callers). */
export interface RenderedMessage {
  content?: string;
  embeds?: APIEmbed[];
}

/**
 * Renders a reply as one or more Discord messages: short confirmations and errors as plain text,
 * everything else as embeds (title, body, sections as fields, numbered sources as links, footer).
 * Whatever does not fit one message (2,000 characters of text, 6,000 of embeds) spills into the
 * next, split at paragraph, sentence or word boundaries.
 */
export function renderReply(reply: Reply): RenderedMessage[] {
  const structured = reply.title || reply.sections.length > 0 || reply.sources.length > 0;
  if (!structured) {
    const text = [reply.body, reply.footer ? `-# ${reply.footer}` : ''].filter(Boolean).join('\n');
    return splitText(text || '(no answer)', DISCORD_LIMITS.content).map((content) => ({ content }));
  }
  return packEmbeds(reply);
}

/** A streaming answer so far, shown while the engine writes (grey until done). */
export function renderPreview(textSoFar: string): RenderedMessage {
  const max = DISCORD_LIMITS.description - 2;
  // Show the newest text: the start is what the reader has already seen.
  const text = textSoFar.length > max ? `…${textSoFar.slice(-(max - 1))}` : textSoFar;
  return { embeds: [{ description: `${text} ▌`, color: COLOURS.generating }] };
}

function packEmbeds(reply: Reply): RenderedMessage[] {
  const colour = reply.error ? COLOURS.error : COLOURS.done;
  const footer = reply.footer ? truncateAtWord(reply.footer, FOOTER_MAX) : undefined;
  // Every message keeps room for the footer, since only the end tells which message is last.
  const budget = DISCORD_LIMITS.embedsTotal - (footer?.length ?? 0);
  const messages: APIEmbed[][] = [];
  let embeds: APIEmbed[] = [];
  let used = 0;
  let embed: APIEmbed = {};
  const newMessage = () => {
    embeds = [];
    messages.push(embeds);
    used = 0;
    newEmbed();
  };
  const newEmbed = () => {
    if (embeds.length === DISCORD_LIMITS.embedsPerMessage) return newMessage();
    embed = { color: colour };
    embeds.push(embed);
  };
  newMessage();
  if (reply.title) {
    embed.title = truncateAtWord(reply.title, DISCORD_LIMITS.title);
    used += embed.title.length;
  }
  for (const chunk of splitText(reply.body ?? '', DISCORD_LIMITS.description)) {
    if (embed.description || embed.fields) newEmbed();
    if (used + chunk.length > budget) newMessage();
    embed.description = chunk;
    used += chunk.length;
  }
  for (const field of [...reply.sections.flatMap(sectionFields), ...sourceFields(reply.sources)]) {
    const size = field.name.length + field.value.length;
    if ((embed.fields?.length ?? 0) === DISCORD_LIMITS.fields) newEmbed();
    if (used + size > budget) newMessage();
    embed.fields = [...(embed.fields ?? []), field];
    used += size;
  }
  if (footer) embeds[embeds.length - 1]!.footer = { text: footer };
  return messages.map((list) => ({ embeds: list.filter((e) => Object.keys(e).length > 1 || e.footer) }));
}

function sectionFields(section: Section): APIEmbedField[] {
  const lines = [
    ...(section.text ? [section.text] : []),
    ...(section.items ?? []).map((item) => `• ${item}`),
  ];
  return fields(section.heading, lines);
}

function sourceFields(sources: Source[]): APIEmbedField[] {
  return fields('Sources', sources.map(formatSource));
}

/** A numbered source: `[n] [title](url) (#id · outlet · date)`. */
export function formatSource(s: Source): string {
  const title = s.title.replace(/([[\]])/g, '\\$1');
  const link = s.url ? `[${title}](${s.url})` : title;
  const meta = [`#${s.articleId}`, s.source, s.publishedAt?.slice(0, 10)].filter(Boolean).join(' · ');
  const others = (s.alsoIn ?? []).map((o) => {
    const name = (o.source ?? o.title).replace(/([[\]])/g, '\\$1');
    return o.url ? `[${name}](${o.url})` : name;
  });
  return `[${s.n}] ${link} (${meta})${others.length > 0 ? `; also ${others.join(', ')}` : ''}`;
}

/** Packs lines into fields of at most 1,024 characters; later fields are named "(cont.)". */
function fields(heading: string, lines: string[]): APIEmbedField[] {
  const name = truncateAtWord(heading, DISCORD_LIMITS.fieldName - 8) || '\u200b';
  const values: string[] = [];
  let current = '';
  for (const line of lines.flatMap((l) => splitText(l, DISCORD_LIMITS.fieldValue))) {
    const joined = current ? `${current}\n${line}` : line;
    if (joined.length <= DISCORD_LIMITS.fieldValue) {
      current = joined;
      continue;
    }
    values.push(current);
    current = line;
  }
  if (current) values.push(current);
  return values.map((value, i) => ({ name: i === 0 ? name : `${name} (cont.)`, value }));
}
