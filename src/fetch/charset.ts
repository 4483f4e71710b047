/** What the body is, for finding an in-document charset declaration. */
export type BodyKind = 'html' | 'xml' | 'other';

/**
 * Decodes a body to text. A BOM wins; bytes that are valid UTF-8 are UTF-8 whatever the headers
 * claim (a wrong `charset=iso-8859-1` on a UTF-8 page is common, and Latin text that happens to be
 * valid UTF-8 is vanishingly rare); otherwise the header's charset, then the document's own
 * (`<meta charset>` or the XML declaration), then windows-1252, which decodes any byte.
 */
export function decodeBody(bytes: Uint8Array, contentType: string, kind: BodyKind): string {
  const bom = bomEncoding(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  const declared = [charsetFromContentType(contentType), sniffDeclaredCharset(bytes, kind)]
    .map(supportedLabel)
    .filter((l): l is string => l !== undefined);
  if (!declared[0]?.startsWith('utf-16')) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Not UTF-8: fall through to what the site declared.
    }
  }
  const label = declared.find((l) => l !== 'utf-8') ?? 'windows-1252';
  return new TextDecoder(label).decode(bytes);
}

export function charsetFromContentType(contentType: string): string | undefined {
  const m = contentType.match(/;\s*charset\s*=\s*"?([^";\s]+)"?/i);
  return m?.[1];
}

/** A charset declared inside the first 1,024 bytes: `<meta charset>`, `http-equiv`, or `<?xml encoding?>`. */
export function sniffDeclaredCharset(bytes: Uint8Array, kind: BodyKind): string | undefined {
  if (kind === 'other') return undefined;
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const xml = head.match(/^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i);
  if (xml) return xml[1];
  if (kind !== 'html') return undefined;
  const meta =
    head.match(/<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i) ??
    head.match(/<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([^"'\s;]+)/i);
  return meta?.[1];
}

/** The WHATWG name TextDecoder knows the label by, or undefined for an unknown label. */
function supportedLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return undefined;
  }
}

function bomEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}
