import { describe, expect, it } from 'vitest';
import { minhashSignature, signatureFromBytes, signatureToBytes } from '../../src/dedup/minhash.ts';

describe('signature bytes (one encoding for both stores)', () => {
  it('writes little-endian words and reads them back, from an unaligned slice too', () => {
    const bytes = signatureToBytes(Uint32Array.from([1, 0x01020304]));
    expect([...bytes]).toEqual([1, 0, 0, 0, 4, 3, 2, 1]);
    const signature = minhashSignature(
      'Ministers met in Minsk on Monday to discuss the gas price and the loan.',
    );
    const padded = Buffer.concat([Buffer.from([9]), signatureToBytes(signature)]);
    expect(signatureFromBytes(padded.subarray(1))).toEqual(signature);
  });
});
