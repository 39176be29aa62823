import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { Sha256Stream } from './sha256Stream.ts';

/** Pieces of every size class: tiny, multi-byte text, one batch and more. */
function pieces(): (string | Uint8Array)[] {
  const result: (string | Uint8Array)[] = [];
  for (let index = 0; index < 3000; index++) {
    result.push(`{"kind":"log","time":${index},"message":"Entering state é ✓ ${index}"}`);
    result.push(new Uint8Array(index % 97).fill(index & 0xff));
  }
  result.push(new Uint8Array(200_000).map((_, index) => index * 7));
  result.push('x'.repeat(30_000) + '€'.repeat(10_000));
  result.push(new Uint8Array(40_000).fill(3));
  return result;
}

function feed(stream: Sha256Stream, parts: readonly (string | Uint8Array)[]): void {
  for (const part of parts) {
    if (typeof part === 'string') stream.updateText(part);
    else stream.update(part);
  }
}

function oneShot(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

describe('Sha256Stream', () => {
  it('gives the digest of the concatenated pieces, with the host hash and without', () => {
    const parts = pieces();
    const expected = oneShot(parts);
    const native = new Sha256Stream();
    const javascript = new Sha256Stream({ native: false });
    feed(native, parts);
    feed(javascript, parts);
    expect(native.digestHex()).toBe(expected);
    expect(javascript.digestHex()).toBe(expected);
  });

  it('goes on after a digest, as if none had been taken', () => {
    const parts = pieces();
    const half = parts.length / 2;
    for (const native of [true, false]) {
      const stream = new Sha256Stream({ native });
      feed(stream, parts.slice(0, half));
      expect(stream.digestHex()).toBe(oneShot(parts.slice(0, half)));
      feed(stream, parts.slice(half));
      expect(stream.digestHex()).toBe(oneShot(parts));
    }
  });

  it('hashes nothing as the empty input', () => {
    expect(new Sha256Stream({ native: false }).digestHex()).toBe(oneShot([]));
  });
});
