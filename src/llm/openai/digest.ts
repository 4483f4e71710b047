import { createHash } from 'node:crypto';

/** Short content hash for cache keys: SHA-256 of the text, hex. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
