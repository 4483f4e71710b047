import { fail, ok, type Result } from '../core/result.ts';
import type { NewArticle } from '../core/types.ts';
import { decodeText } from './decode-text.ts';
import { parseFrontMatter } from './front-matter.ts';
import { SUPPORTED_EXTENSIONS } from './limits.ts';
import { markdownToText } from './markdown.ts';
import { titleFromFileName, titleFromText } from './titles.ts';

/** A file as a transport received it: a path in the terminal, an attachment on Discord. */
export interface IncomingDocument {
  name: string;
  bytes: Uint8Array;
}

export type DocumentError = 'unsupported-type' | 'too-large' | 'empty' | 'binary' | 'not-utf8';

/** Parses an untrusted .txt, .md or .html document into an article (not yet cleaned or validated for length). */
export async function documentToArticle(doc: IncomingDocument): Promise<Result<NewArticle, DocumentError>> {
  const ext = extensionOf(doc.name);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    return fail(
      'unsupported-type',
      `unsupported file type "${ext || 'none'}"; use ${SUPPORTED_EXTENSIONS.join(', ')}`,
    );
  }
  const decoded = decodeText(doc.bytes);
  if (!decoded.ok) return decoded;
  if (ext === '.html' || ext === '.htm') {
    // The HTML parser costs ~300 ms to load; only pay it when an HTML file arrives.
    const { htmlToArticle } = await import('./html.ts');
    const page = htmlToArticle(decoded.value);
    return ok({
      title: page.title || titleFromText(page.text) || titleFromFileName(doc.name),
      text: page.text,
      url: page.url,
      source: page.source,
      publishedAt: page.publishedAt,
    });
  }
  const { meta, body } = parseFrontMatter(decoded.value);
  const isMarkdown = ext === '.md' || ext === '.markdown';
  const md = isMarkdown ? markdownToText(body) : { text: body };
  const { title: leadTitle, rest } = meta.title
    ? { title: undefined, rest: md.text }
    : splitLeadingTitle(md.text);
  return ok({
    title:
      meta.title || leadTitle || ('heading' in md ? md.heading : undefined) || titleFromFileName(doc.name),
    text: rest,
    url: meta.url,
    source: meta.source,
    publishedAt: meta.publishedAt,
  });
}

/** A first line that is short, has no final full stop and is followed by a blank line is a headline. */
function splitLeadingTitle(text: string): { title?: string; rest: string } {
  const m = text.match(/^\s*([^\n]{3,160})\n\s*\n/);
  if (!m) return { rest: text };
  const line = m[1]!.trim();
  if (/[.,;:]$/.test(line) || /^["“']/.test(line)) return { rest: text };
  return { title: line, rest: text.slice(m[0].length) };
}

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}
