import { describe, expect, it } from 'vitest';
import { htmlFragmentToText } from '../../src/feeds/html-text.ts';
import { itemIdentity, normaliseLink } from '../../src/feeds/item-identity.ts';
import { MAX_ITEMS_PER_POLL, parseFeedDocument } from '../../src/feeds/parse-feed.ts';
import { atom, jsonFeed, rdf, rss2 } from './feed-fixtures.ts';

const FEED_URL = 'https://riverton.example/feeds/news.xml';
const items = [
  {
    title: 'Older story',
    link: 'https://riverton.example/a/1',
    guid: 'g-1',
    date: '2026-01-01T08:00:00Z',
    description: 'One.',
  },
  {
    title: 'Newer story',
    link: 'https://riverton.example/a/2',
    guid: 'g-2',
    date: '2026-01-02T08:00:00Z',
    description: 'Two.',
  },
];

function parsed(body: string, url = FEED_URL, max?: number) {
  const result = parseFeedDocument(body, url, max);
  if (!result.ok) throw new Error(`not parsed: ${result.message}`);
  return result.value;
}

describe('parseFeedDocument', () => {
  it.each([
    ['rss', rss2(items)],
    ['atom', atom(items)],
    ['rdf', rdf(items)],
    ['json', jsonFeed(items)],
  ])('reads %s into the same normalised items, newest first', (format, body) => {
    const feed = parsed(body);
    expect(feed.format).toBe(format);
    expect(feed.items.map((i) => [i.title, i.link, i.publishedAt])).toEqual([
      ['Newer story', 'https://riverton.example/a/2', '2026-01-02T08:00:00.000Z'],
      ['Older story', 'https://riverton.example/a/1', '2026-01-01T08:00:00.000Z'],
    ]);
    expect(feed.items[0]!.summary).toBe('Two.');
  });

  it('refuses invalid XML and documents that are not feeds with INVALID_FEED', () => {
    const broken = parseFeedDocument('<rss version="2.0"><channel><item><title>x</item></channel>', FEED_URL);
    expect(broken).toMatchObject({ ok: false, code: 'INVALID_FEED' });
    const page = parseFeedDocument('<html><body><p>Welcome</p></body></html>', FEED_URL);
    expect(page).toMatchObject({ ok: false, code: 'INVALID_FEED', message: 'not an RSS, Atom or JSON feed' });
  });

  it('does not expand DTD entities (an entity-expansion bomb stays small)', () => {
    const levels = ['<!ENTITY l0 "lollollollollol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [${levels.join('')}]>
<rss version="2.0"><channel><title>Bomb</title><item><title>Boom &l9;</title><guid>b1</guid>
<description>&l9;&l9;</description></item></channel></rss>`;
    const feed = parsed(bomb);
    // Fully expanded, &l9; would be 15 × 10^9 characters.
    expect(feed.items[0]!.title.length).toBeLessThan(100);
    expect(feed.items[0]!.text.length).toBeLessThan(100);
  });

  it('keeps only the newest items of a 10,000-item feed', () => {
    const many = Array.from({ length: 10_000 }, (_, n) => ({
      title: `Item ${n}`,
      guid: `g${n}`,
      date: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    }));
    const feed = parsed(rss2(many));
    expect(feed.totalItems).toBe(10_000);
    expect(feed.items).toHaveLength(MAX_ITEMS_PER_POLL);
    expect(feed.items[0]!.title).toBe('Item 9999');
    expect(feed.items.at(-1)!.title).toBe(`Item ${10_000 - MAX_ITEMS_PER_POLL}`);
  });

  it('identifies items without link or guid by title and date: stable, and distinct per item', () => {
    const bare = [
      { title: 'Road closed', date: '2026-01-01T08:00:00Z' },
      { title: 'Road closed', date: '2026-01-02T08:00:00Z' },
      { title: 'Bridge open', date: '2026-01-02T08:00:00Z' },
    ];
    const first = parsed(rss2(bare)).items.map((i) => i.id);
    const again = parsed(rss2(bare)).items.map((i) => i.id);
    expect(first).toEqual(again);
    expect(new Set(first).size).toBe(3);
    expect(first.every((id) => id.startsWith('hash:'))).toBe(true);
    expect(parsed(rss2(bare)).items.every((i) => i.link === undefined)).toBe(true);
  });

  it('resolves relative links against the feed URL, drops utm_* and fragments for identity', () => {
    const relative = rss2([
      { title: 'A', link: '/story/1?utm_source=rss&utm_medium=feed&id=7#comments' },
      { title: 'B', link: 'local/2' },
    ]);
    const feed = parsed(relative);
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://riverton.example/story/1?id=7',
      'https://riverton.example/feeds/local/2',
    ]);
    expect(feed.items[0]!.id).toBe('link:https://riverton.example/story/1?id=7');
  });

  it('decodes HTML entities and CDATA in titles and summaries, dropping tags', () => {
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Caf&#233; News &amp; Views</title>
<item><guid>c1</guid><title><![CDATA[Fish &amp; <b>chips</b> &#8211; a “history”]]></title>
<description><![CDATA[<p>Prices rose &hellip; again.</p><script>alert(1)</script><p>Second&nbsp;paragraph.</p>]]></description></item>
<item><guid>c2</guid><title>Tom &amp;amp; Jerry &lt;i&gt;return&lt;/i&gt; &#x2014; at last</title></item>
</channel></rss>`;
    const feed = parsed(body);
    expect(feed.title).toBe('Café News & Views');
    expect(feed.items[0]!.title).toBe('Fish & chips – a “history”');
    expect(feed.items[0]!.summary).toBe('Prices rose … again.\n\nSecond paragraph.');
    expect(feed.items[1]!.title).toBe('Tom & Jerry return — at last');
  });

  it('falls back to the summary for a missing title, and a permalink guid for a missing link', () => {
    const body = `<rss version="2.0"><channel><title>T</title>
<item><guid isPermaLink="true">https://riverton.example/p/9</guid><description>Storm closes harbour</description></item>
</channel></rss>`;
    const [item] = parsed(body).items;
    expect(item!.title).toBe('Storm closes harbour');
    expect(item!.link).toBe('https://riverton.example/p/9');
  });
});

describe('item identity helpers', () => {
  it('normalises links and refuses non-http schemes', () => {
    expect(normaliseLink('HTTPS://Example.COM:443/a?utm_campaign=x#top')).toBe('https://example.com/a');
    expect(normaliseLink('javascript:alert(1)')).toBeUndefined();
    expect(normaliseLink('/x?b=1&a=2', 'https://e.example/feed')).toBe('https://e.example/x?b=1&a=2');
  });

  it('prefers guid, then link, and bounds long guids', () => {
    expect(itemIdentity({ guid: 'g', link: 'https://e.example/', title: 't' })).toBe('guid:g');
    expect(itemIdentity({ link: 'https://e.example/', title: 't' })).toBe('link:https://e.example/');
    expect(itemIdentity({ guid: 'x'.repeat(5000), title: 't' }).length).toBeLessThan(100);
  });

  it('leaves undeclared entities and lone angle brackets as text', () => {
    expect(htmlFragmentToText('a < b &bogus; &amp;')).toBe('a < b &bogus; &');
  });
});
