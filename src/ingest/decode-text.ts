import { fail, ok, type Result } from '../core/result.ts';
import { INGEST_LIMITS } from './limits.ts';

export type DecodeError = 'too-large' | 'empty' | 'binary' | 'not-utf8';

/** Turns untrusted bytes into text, refusing oversized, empty, binary and non-UTF-8 input. */
export function decodeText(bytes: Uint8Array): Result<string, DecodeError> {
  if (bytes.byteLength > INGEST_LIMITS.maxBytes) {
    const mb = (bytes.byteLength / (1024 * 1024)).toFixed(1);
    return fail('too-large', `file is ${mb} MB; the limit is ${INGEST_LIMITS.maxBytes / (1024 * 1024)} MB`);
  }
  if (bytes.byteLength === 0) return fail('empty', 'file is empty');
  const encoding = utf16Encoding(bytes);
  let text: string;
  if (encoding) {
    // What Windows editors save as "Unicode": decoded, with or without a byte-order mark.
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      return fail('not-utf8', `file is not valid ${encoding.toUpperCase()} text`);
    }
    if (text.includes('\0')) return fail('binary', 'file looks binary (contains NUL characters), not text');
  } else {
    // A NUL byte never appears in UTF-8 text; it marks images, archives, PDFs and other binaries.
    if (bytes.includes(0)) {
      return fail(
        'binary',
        looksLikeUtf16(bytes)
          ? 'file looks like UTF-16 without a byte-order mark, in no byte order that decodes to text; save it as UTF-8'
          : 'file looks binary (contains NUL bytes), not text',
      );
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail('not-utf8', 'file is not valid UTF-8 text');
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is the point
  const control = text.match(/[\u0001-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (control > 0 && control / text.length > 0.01)
    return fail('binary', 'file looks binary (control characters), not text');
  if (!text.trim()) return fail('empty', 'file has no text');
  return ok(text);
}

/**
 * UTF-16 by its byte-order mark, or without one by its NUL bytes: text in Latin script saved as
 * UTF-16 has a NUL in (nearly) every other byte, on the odd positions for little-endian and the
 * even ones for big-endian, and almost none on the other side.
 */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length % 2 !== 0) return undefined;
  const { even, odd, pairs } = nulCounts(bytes);
  if (pairs === 0) return undefined;
  if (odd / pairs > 0.3 && even / pairs < 0.01) return 'utf-16le';
  if (even / pairs > 0.3 && odd / pairs < 0.01) return 'utf-16be';
  return undefined;
}

/** Many NULs on one side only, but not cleanly enough to decode: named, so the user knows what to fix. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const { even, odd, pairs } = nulCounts(bytes);
  return pairs > 0 && Math.max(even, odd) / pairs > 0.3 && Math.min(even, odd) / pairs < 0.05;
}

/** NUL bytes at even and odd offsets in the first 64 KB (enough to tell, and bounded). */
function nulCounts(bytes: Uint8Array): { even: number; odd: number; pairs: number } {
  const end = Math.min(bytes.length - (bytes.length % 2), 65_536);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return { even, odd, pairs: end / 2 };
}
