import { words } from '../text/tokens.ts';

/**
 * Near-duplicate fingerprints: MinHash over word 3-shingles, banded for LSH. Wire copies of one
 * story (light edits, other boilerplate, another headline) keep most of their shingles, while two
 * stories on one topic share few; MinHash estimates that shingle overlap (Jaccard) from 128
 * numbers, and the bands find candidates with a handful of index probes instead of a scan.
 * SimHash was the other option; at 64 bits, a few percent of edited words already flips more
 * bits than the usual 3-bit radius, so it misses lightly edited copies.
 */
export const MINHASH = {
  /** Signature length: the estimate's standard error is about √(J(1−J)/128) ≤ 0.045. */
  hashes: 128,
  /** 32 bands of 4 rows: a pair at Jaccard 0.5 shares at least one band with probability 0.87, at 0.2 with 0.05. */
  bands: 32,
  rows: 4,
  shingle: 3,
} as const;

/** Estimated Jaccard similarity at or above which an article is a copy (chosen on the dev split: bench near-dup). */
export const NEAR_DUPLICATE_SIMILARITY = 0.4;

// Per-hash seeds from a fixed generator, so signatures are stable across processes and versions.
const SEEDS = (() => {
  const seeds = new Uint32Array(MINHASH.hashes);
  let x = 0x9e3779b9;
  for (let i = 0; i < seeds.length; i++) {
    x = (x + 0x6d2b79f5) >>> 0;
    seeds[i] = mix(x);
  }
  return seeds;
})();

/** The MinHash signature of a text (cleaned article text); texts under 3 words get an all-max signature. */
export function minhashSignature(text: string): Uint32Array {
  const shingles = shingleHashes(text);
  const signature = new Uint32Array(MINHASH.hashes).fill(0xffffffff);
  for (const h of shingles) {
    for (let i = 0; i < MINHASH.hashes; i++) {
      const v = mix(h ^ SEEDS[i]!);
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature;
}

/** LSH band keys: one 32-bit bucket per band; two signatures sharing a bucket in some band are candidates. */
export function bandBuckets(signature: Uint32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < MINHASH.bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < MINHASH.rows; r++) h = mix(h ^ signature[b * MINHASH.rows + r]!);
    out.push(h);
  }
  return out;
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Whether a signature carries any shingle (an empty text matches nothing). */
export function isInformative(signature: Uint32Array): boolean {
  return signature.some((v) => v !== 0xffffffff);
}

function shingleHashes(text: string): Set<number> {
  const tokens = words(text);
  const out = new Set<number>();
  for (let i = 0; i + MINHASH.shingle <= tokens.length; i++) {
    out.add(fnv1a(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`));
  }
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap bijective mix of 32 bits. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A signature as bytes for a store, little-endian whatever the host: both engines keep the same
 * bytes, so a signature reads back the same on any machine (SQLite blobs written before this were
 * in host order, which is little-endian on every machine this runs on).
 */
export function signatureToBytes(signature: Uint32Array): Buffer {
  const out = Buffer.alloc(signature.length * 4);
  for (let i = 0; i < signature.length; i++) out.writeUInt32LE(signature[i]!, i * 4);
  return out;
}

/** The signature {@link signatureToBytes} wrote (a trailing partial word is ignored). */
export function signatureFromBytes(bytes: Uint8Array): Uint32Array {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(Math.floor(view.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.readUInt32LE(i * 4);
  return out;
}
