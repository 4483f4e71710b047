import type { Reply } from '../../commands/reply.ts';

/** Discord's timestamp markup (`<t:1767254400:R>`), shown in the terminal as the UTC time. */
const DISCORD_TIMESTAMP = /<t:(\d{1,12}):[tTdDfFR]>/g;

/** Renders a reply as plain text for the terminal: headings, bullets, numbered sources, small print. */
export function renderText(reply: Reply): string {
  return renderLines(reply).replace(
    DISCORD_TIMESTAMP,
    (_m, unix: string) => `${new Date(Number(unix) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );
}

function renderLines(reply: Reply): string {
  const out: string[] = [];
  if (reply.title) out.push(reply.title, '='.repeat(Math.min(reply.title.length, 72)));
  if (reply.body) out.push(reply.error ? `! ${reply.body}` : reply.body);
  for (const section of reply.sections) {
    out.push('', section.heading);
    if (section.text) out.push(section.text);
    for (const item of section.items ?? []) out.push(`  • ${item}`);
  }
  if (reply.sources.length > 0) {
    out.push('', 'Sources');
    for (const s of reply.sources) {
      const meta = [s.source, s.publishedAt?.slice(0, 10), s.url].filter(Boolean).join(' · ');
      out.push(`  [${s.n}] #${s.articleId} ${s.title}${meta ? ` (${meta})` : ''}`);
      for (const other of s.alsoIn ?? []) {
        out.push(`      also: ${[other.source ?? other.title, other.url].filter(Boolean).join(' · ')}`);
      }
    }
  }
  if (reply.footer) out.push('', `(${reply.footer})`);
  return out.join('\n');
}
