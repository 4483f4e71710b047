import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/ingest/decode-text.ts';
import { documentToArticle } from '../../src/ingest/document-to-article.ts';
import { parseFrontMatter } from '../../src/ingest/front-matter.ts';

const doc = (name: string, text: string | Buffer) => ({
  name,
  bytes: typeof text === 'string' ? Buffer.from(text) : text,
});

describe('decodeText', () => {
  it('refuses empty, binary, non-UTF-8 and oversized input', async () => {
    expect(decodeText(new Uint8Array())).toMatchObject({ ok: false, code: 'empty' });
    expect(decodeText(Buffer.from('  \n '))).toMatchObject({ ok: false, code: 'empty' });
    expect(decodeText(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00]))).toMatchObject({
      ok: false,
      code: 'binary',
    });
    expect(decodeText(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toMatchObject({ ok: false, code: 'not-utf8' });
    expect(decodeText(new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61))).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    expect(decodeText(Buffer.from('Café in Minsk'))).toEqual({ ok: true, value: 'Café in Minsk' });
  });
});

describe('documentToArticle', () => {
  it('takes metadata from front matter', async () => {
    const r = await documentToArticle(
      doc('a.txt', '---\ntitle: Talks\nurl: https://x.test/a\npublished: 2020-09-13\n---\nBody text here.'),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        title: 'Talks',
        text: 'Body text here.',
        url: 'https://x.test/a',
        source: undefined,
        publishedAt: '2020-09-13',
      },
    });
  });

  it('takes a short first line followed by a blank line as the headline, else the file name', async () => {
    expect(await documentToArticle(doc('x.txt', 'Putin meets Lukashenko\n\nThe two met.'))).toMatchObject({
      value: { title: 'Putin meets Lukashenko', text: 'The two met.' },
    });
    expect(
      await documentToArticle(doc('dir/belarus-talks.txt', 'The two leaders met in Sochi on Monday.\nMore.')),
    ).toMatchObject({
      value: { title: 'Belarus talks' },
    });
  });

  it('uses the first Markdown heading as the title', async () => {
    expect(
      await documentToArticle(doc('n.md', '# Sochi talks\n\nThe **two** leaders met [here](http://x).')),
    ).toMatchObject({
      value: { title: 'Sochi talks' },
    });
  });

  it('extracts the article, title and metadata from HTML without running scripts', async () => {
    const html = `<html><head><title>T</title><meta property="og:title" content="Minsk marches">
      <link rel="canonical" href="https://news.test/minsk"><meta property="article:published_time" content="2020-09-06T10:00:00Z">
      <script>globalThis.pwned = true</script></head><body><nav>Menu Home About</nav><article>
      <p>Tens of thousands of people marched through Minsk on Sunday, demanding that Alexander Lukashenko step down.</p>
      <p>Police detained hundreds, according to the Viasna human rights group.</p></article></body></html>`;
    const r = await documentToArticle(doc('page.html', html));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title).toBe('Minsk marches');
    expect(r.value.url).toBe('https://news.test/minsk');
    expect(r.value.publishedAt).toBe('2020-09-06T10:00:00Z');
    expect(r.value.text).toContain('marched through Minsk');
    expect(r.value.text).not.toContain('pwned');
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('refuses unsupported file types by name', async () => {
    expect(await documentToArticle(doc('scan.pdf', 'x'))).toMatchObject({
      ok: false,
      code: 'unsupported-type',
    });
  });
});

describe('parseFrontMatter', () => {
  it('leaves text without a closed block alone', async () => {
    expect(parseFrontMatter('---\ntitle: x\nno end')).toEqual({ meta: {}, body: '---\ntitle: x\nno end' });
  });
});
