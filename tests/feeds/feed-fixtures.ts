/** Builders for feed documents and article pages in every format the poller reads. */

export interface FixtureItem {
  title: string;
  link?: string | undefined;
  guid?: string | undefined;
  date?: string | undefined;
  description?: string | undefined;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss2(items: FixtureItem[], title = 'Riverton Gazette'): string {
  const body = items
    .map(
      (i) => `<item>
  <title>${escapeXml(i.title)}</title>
  ${i.link ? `<link>${escapeXml(i.link)}</link>` : ''}
  ${i.guid ? `<guid isPermaLink="false">${escapeXml(i.guid)}</guid>` : ''}
  ${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ''}
  ${i.description ? `<description>${escapeXml(i.description)}</description>` : ''}
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://riverton.example/</link>
<description>News</description>
${body}
</channel></rss>`;
}

export function atom(items: FixtureItem[], title = 'Riverton Atom'): string {
  const body = items
    .map(
      (i, n) => `<entry>
  <id>${escapeXml(i.guid ?? `urn:riverton:${n}`)}</id>
  <title type="text">${escapeXml(i.title)}</title>
  ${i.link ? `<link rel="alternate" href="${escapeXml(i.link)}"/>` : ''}
  <updated>${i.date ?? '2026-01-01T00:00:00Z'}</updated>
  ${i.description ? `<summary type="html">${escapeXml(i.description)}</summary>` : ''}
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>urn:riverton</id>
<updated>2026-01-01T00:00:00Z</updated>
${body}
</feed>`;
}

export function rdf(items: FixtureItem[], title = 'Riverton RDF'): string {
  const body = items
    .map(
      (i) => `<item rdf:about="${escapeXml(i.link ?? i.guid ?? '')}">
  <title>${escapeXml(i.title)}</title>
  ${i.link ? `<link>${escapeXml(i.link)}</link>` : ''}
  ${i.description ? `<description>${escapeXml(i.description)}</description>` : ''}
  ${i.date ? `<dc:date>${i.date}</dc:date>` : ''}
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://riverton.example/"><title>${escapeXml(title)}</title>
<link>https://riverton.example/</link><description>News</description></channel>
${body}
</rdf:RDF>`;
}

export function jsonFeed(items: FixtureItem[], title = 'Riverton JSON'): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    items: items.map((i, n) => ({
      id: i.guid ?? `j${n}`,
      url: i.link,
      title: i.title,
      content_text: i.description ?? '',
      date_published: i.date,
    })),
  });
}

const PLACES = ['Riverton', 'Eastbrook', 'Millford', 'Harrow Bay', 'Stonegate', 'Ashcombe', 'Kelso Ridge'];
const TOPICS = [
  'tram line',
  'flood defences',
  'school budget',
  'harbour dredging',
  'library hours',
  'bus fares',
];

/** An article page with enough distinct text for Readability and the offline engine; varies with `n`. */
export function articlePage(n: number, title = `Story ${n}`): string {
  const place = PLACES[n % PLACES.length]!;
  const topic = TOPICS[Math.floor(n / PLACES.length) % TOPICS.length]!;
  const paragraphs = [
    `The council of ${place} voted on Tuesday to review the ${topic}, report number ${n}, after months of complaints from residents.`,
    `Mayor Elena Varga said the decision on the ${topic} would be published within ${n + 2} weeks, and that every district would be consulted.`,
    `Opposition councillor Tomas Reed criticised the plan, saying the ${topic} in ${place} had been neglected for ${n + 3} years.`,
    `Residents gathered outside the town hall in ${place} holding signs about the ${topic}, and police said the protest was peaceful.`,
    `A final vote on case ${n} is expected next month, when the budget for the coming year is presented to the full council.`,
  ];
  return `<!doctype html><html><head><title>${title}</title>
<meta property="og:title" content="${title}"></head>
<body><nav>Home | News | Sport</nav><article><h1>${title}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>Copyright Riverton Gazette</footer></body></html>`;
}

/** A page Readability cannot make an article of (a video page): the poller falls back to the item's text. */
export const UNREADABLE_PAGE =
  '<!doctype html><html><body><div id="player"></div><p>Watch the video.</p></body></html>';

/** Item text long enough to be stored when the page is not readable. */
export function itemSummary(n: number): string {
  return `Emergency crews in Millford cleared fallen trees after a storm on night ${n}, and the council said ${n + 40} homes lost power for several hours.`;
}
