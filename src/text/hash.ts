import { createHash } from 'node:crypto';

/** Hash of an article's cleaned content, insensitive to whitespace and case, so re-pastes dedupe. */
export function contentHash(text: string): string {
  const canonical = text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(canonical).digest('hex');
}
