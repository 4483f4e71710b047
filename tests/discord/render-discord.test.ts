import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/commands/reply.ts';
import { DISCORD_LIMITS, formatSource, renderReply } from '../../src/transports/discord/render-discord.ts';

function embedTotal(embeds: NonNullable<ReturnType<typeof renderReply>[number]['embeds']>): number {
  return embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
}

describe('renderReply', () => {
  it('renders a message-only reply as plain content', () => {
    expect(renderReply({ body: 'Added article #1.', sections: [], sources: [] })).toEqual([
      { content: 'Added article #1.' },
    ]);
  });

  it('renders a briefing as an embed: title, description, fields, numbered linked sources, footer', () => {
    const reply: Reply = {
      title: 'Briefing: Belarus',
      body: 'Putin backs Lukashenko [1].',
      sections: [{ heading: 'Key points', items: ['One [1]', 'Two [1]'] }],
      sources: [
        {
          n: 1,
          articleId: 3,
          title: 'A [weird] title',
          url: 'https://x.example/a',
          source: 'Reuters',
          publishedAt: '2020-08-14T00:00:00Z',
        },
      ],
      footer: 'Extractive briefing.',
    };
    const [message] = renderReply(reply);
    expect(message?.embeds).toHaveLength(1);
    const embed = message!.embeds![0]!;
    expect(embed.title).toBe('Briefing: Belarus');
    expect(embed.fields?.[0]).toEqual({ name: 'Key points', value: '• One [1]\n• Two [1]' });
    expect(embed.fields?.[1]).toEqual({
      name: 'Sources',
      value: '[1] [A \\[weird\\] title](https://x.example/a) (#3 · Reuters · 2020-08-14)',
    });
    expect(embed.footer?.text).toBe('Extractive briefing.');
  });

  it('formats a source without a URL as plain text', () => {
    expect(formatSource({ n: 2, articleId: 5, title: 'Plain' })).toBe('[2] Plain (#5)');
  });

  it('keeps every message within Discord limits however large the reply', () => {
    const item = 'A key point that is fairly long and carries a citation at its end [1]. ';
    const reply: Reply = {
      title: 'T'.repeat(300),
      body: 'Overview sentence with some words. '.repeat(400),
      sections: Array.from({ length: 30 }, (_, i) => ({
        heading: `Section ${i}`,
        items: Array.from({ length: 20 }, () => item),
      })),
      sources: Array.from({ length: 40 }, (_, i) => ({
        n: i + 1,
        articleId: i + 1,
        title: `Article ${i}`,
        url: `https://x.example/${i}`,
      })),
      footer: 'Footer text.',
    };
    const messages = renderReply(reply);
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      const embeds = m.embeds ?? [];
      expect(embeds.length).toBeGreaterThan(0);
      expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
      expect(embedTotal(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
      for (const e of embeds) {
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
        for (const f of e.fields ?? []) {
          expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
          expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
        }
      }
    }
    // The footer is shown once, at the very end; every source appears.
    const all = messages.flatMap((m) => m.embeds ?? []);
    expect(all.filter((e) => e.footer)).toEqual([all.at(-1)]);
    const sourceText = all
      .flatMap((e) => e.fields ?? [])
      .filter((f) => f.name.startsWith('Sources'))
      .map((f) => f.value)
      .join('\n');
    expect(sourceText.split('\n')).toHaveLength(40);
  });

  it('splits long plain content into 2,000-character messages', () => {
    const messages = renderReply({
      body: 'Word and more words here. '.repeat(200),
      sections: [],
      sources: [],
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.content!.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  });
});
