/**
 * Compressed members are hostile input in server mode: a few hundred KiB of
 * gzip can expand to gigabytes. The decoder must hand its output on in
 * bounded pieces however large the pushed input is, so that memory follows
 * the reader's block-sized work and not the expansion ratio.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { createDecoder } from './decompress.ts';

const MiB = 1024 * 1024;

describe('decompression of a gzip bomb', () => {
  it('hands on bounded pieces when the whole bomb is pushed at once', () => {
    const expanded = 24 * MiB;
    const bomb = gzipSync(new Uint8Array(expanded), { level: 1 });
    expect(bomb.length).toBeLessThan(MiB);
    let largest = 0;
    let total = 0;
    const decoder = createDecoder('gzip', (bytes) => {
      largest = Math.max(largest, bytes.length);
      total += bytes.length;
    });
    decoder.push(bomb);
    decoder.finish();
    expect(total).toBe(expanded);
    expect(largest).toBeLessThanOrEqual(6 * MiB);
  });
});
