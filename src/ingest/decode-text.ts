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
  // A NUL byte never appears in text files; it marks images, archives, PDFs and other binaries.
  if (bytes.includes(0)) return fail('binary', 'file looks binary (contains NUL bytes), not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('not-utf8', 'file is not valid UTF-8 text');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is the point
  const control = text.match(/[\u0001-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (control > 0 && control / text.length > 0.01)
    return fail('binary', 'file looks binary (control characters), not text');
  if (!text.trim()) return fail('empty', 'file has no text');
  return ok(text);
}
