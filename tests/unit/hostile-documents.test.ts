import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/ingest/decode-text.ts';
import { documentToArticle } from '../../src/ingest/document-to-article.ts';
import { flattenDeepHtml, MAX_HTML_DEPTH } from '../../src/ingest/html-depth.ts';

const TEXT = 'Thousands of protesters marched in Minsk on Sunday, demanding a new election.';

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const bytes = order === 'le' ? le : Buffer.from(le).swap16();
  const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), bytes]) : bytes;
}

describe('UTF-16 text files', () => {
  it('decodes UTF-16 with a byte-order mark, in both byte orders', () => {
    expect(decodeText(utf16(TEXT, 'le', true))).toEqual({ ok: true, value: TEXT });
    expect(decodeText(utf16(TEXT, 'be', true))).toEqual({ ok: true, value: TEXT });
  });

  it('detects UTF-16 without a byte-order mark by its NUL bytes on one side', () => {
    expect(decodeText(utf16(TEXT, 'le', false))).toEqual({ ok: true, value: TEXT });
    expect(decodeText(utf16(TEXT, 'be', false))).toEqual({ ok: true, value: TEXT });
  });

  it('refuses by name what looks like UTF-16 without a mark but does not decode cleanly', () => {
    // An odd length cannot be UTF-16 code units, yet every other byte is NUL.
    const odd = Buffer.concat([utf16(TEXT, 'le', false), Buffer.from([0x41])]);
    const refused = decodeText(odd);
    expect(refused).toMatchObject({ ok: false, code: 'binary' });
    expect(!refused.ok && refused.message).toContain('UTF-16 without a byte-order mark');
    // A real binary keeps its own reason.
    const binary = decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10, 0x7f, 0x00]));
    expect(!binary.ok && binary.message).toContain('looks binary');
  });
});

describe('deeply nested HTML', () => {
  const nested = (depth: number) =>
    `<html><body>${'<div>'.repeat(depth)}<p>${TEXT}</p>${'</div>'.repeat(depth)}</body></html>`;

  it('measures nesting without counting void elements, optional end tags or raw text', () => {
    expect(flattenDeepHtml(nested(10)).depth).toBe(12);
    const html = '<div><p>one<p>two<br><img src=x><script>"<div><div><div>"</script><!-- <div> --></div>';
    expect(flattenDeepHtml(html)).toEqual({ html, depth: 1 });
  });

  it('keeps pages within the limit unchanged and strips the tags beyond it, keeping the text', () => {
    const shallow = nested(MAX_HTML_DEPTH - 2);
    expect(flattenDeepHtml(shallow).html).toBe(shallow);
    const deep = flattenDeepHtml(nested(10_000));
    expect(deep.depth).toBe(10_002);
    expect(flattenDeepHtml(deep.html).depth).toBeLessThanOrEqual(MAX_HTML_DEPTH);
    expect(deep.html).toContain(TEXT);
  });

  it('scans tags without a closing ">" in one pass', () => {
    const junk = '<a'.repeat(200_000);
    expect(flattenDeepHtml(junk).depth).toBe(0);
  });

  it('turns a page of 10,000 nested elements into an article instead of overflowing the stack', async () => {
    const article = await documentToArticle({ name: 'deep.html', bytes: Buffer.from(nested(10_000)) });
    expect(article).toMatchObject({ ok: true, value: { text: TEXT } });
  });
});

describe('HTML metadata is a hint, never a reason to refuse', () => {
  const page = (head: string) =>
    Buffer.from(
      `<html><head><title>Minsk protest</title>${head}</head><body><article><p>${TEXT}</p></article></body></html>`,
    );

  it('reads an RFC 2822 publication date and ignores one it cannot read', async () => {
    const rfc = await documentToArticle({
      name: 'a.html',
      bytes: page('<meta property="article:published_time" content="Sun, 13 Sep 2020 10:00:00 GMT">'),
    });
    expect(rfc).toMatchObject({ ok: true, value: { publishedAt: '2020-09-13T10:00:00.000Z' } });
    const bad = await documentToArticle({
      name: 'b.html',
      bytes: page('<meta property="article:published_time" content="last Tuesday">'),
    });
    expect(bad).toMatchObject({ ok: true, value: { publishedAt: undefined } });
  });

  it('ignores a canonical URL that is not http(s), falling back to og:url', async () => {
    const ftp = await documentToArticle({
      name: 'c.html',
      bytes: page(
        '<link rel="canonical" href="ftp://example.com/story"><meta property="og:url" content="https://example.com/story">',
      ),
    });
    expect(ftp).toMatchObject({ ok: true, value: { url: 'https://example.com/story' } });
    const js = await documentToArticle({
      name: 'd.html',
      bytes: page('<link rel="canonical" href="javascript:alert(1)">'),
    });
    expect(js).toMatchObject({ ok: true, value: { url: undefined } });
  });
});
