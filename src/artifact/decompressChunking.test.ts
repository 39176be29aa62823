/**
 * A flaky network splits a download anywhere. A corrupt compressed member
 * must fail the same way for every split: the decoder gets its input in
 * pieces cut at fixed offsets, so the output it delivers before noticing
 * the damage does not depend on the chunks.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { createDecoder } from './decompress.ts';
import { craftArtifact, payloadBytes } from './testing/craft.ts';
import { codeOf, outerMembers, readInChunks } from './testing/outcome.ts';

/** Bytes that compress, but not to nothing. */
const content = Uint8Array.from(
  { length: 12000 },
  (_, i) => ((i * 2654435761) >>> 24) ^ (i & 15),
);

function decode(bytes: Uint8Array, chunk: number): string {
  let delivered = 0;
  const decoder = createDecoder('gzip', (data) => (delivered += data.length));
  try {
    for (let at = 0; at < bytes.length; at += chunk)
      decoder.push(bytes.subarray(at, at + chunk));
    decoder.finish();
    return `ok after ${delivered} bytes`;
  } catch {
    return `failed after ${delivered} bytes`;
  }
}

describe('a corrupt gzip stream', () => {
  const gzip = gzipSync(content, { level: 6 });

  it('fails after the same output pushed whole or 7 bytes at a time', () => {
    for (let at = 20; at < gzip.length - 8; at += 97) {
      const damaged = gzip.slice();
      damaged[at] = (damaged[at] as number) ^ 0x55;
      expect(decode(damaged, 7), `byte ${at} damaged`).toBe(
        decode(damaged, damaged.length),
      );
    }
  });
});

describe('an artifact with a corrupt data/0000.tar.gz', () => {
  const bytes = craftArtifact({
    files: [{ name: 'fw.bin', data: payloadBytes(6000) }],
    dataName: 'data/0000.tar.gz',
    encodeData: (tar) => gzipSync(tar, { level: 6 }),
  });
  const data = outerMembers(bytes).find((member) => member.name === 'data/0000.tar.gz');

  it('gives the same error whole and 3 bytes at a time', async () => {
    const start = data?.data ?? 0;
    for (let at = start + 20; at < start + (data?.size ?? 0) - 8; at += 151) {
      const damaged = bytes.slice();
      damaged[at] = (damaged[at] as number) ^ 0x55;
      const whole = codeOf(await readInChunks(damaged, { mode: 'server' }));
      const split = codeOf(await readInChunks(damaged, { mode: 'server' }, 3));
      expect(split, `byte ${at} damaged`).toBe(whole);
    }
  });
});
