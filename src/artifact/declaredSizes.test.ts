/**
 * A tar header may declare a size far beyond what follows it. Metadata
 * buffers must grow with the bytes that actually arrive, so that a lie in a
 * header costs nothing, even when the caller lifts the metadata limit.
 */
import { describe, expect, it } from 'vitest';

import { HeaderArchive } from './headerArchive.ts';
import { readArtifact } from './readArtifact.ts';
import { VERSION_3 } from './testing/craft.ts';
import { tarHeader } from './tarWriter.ts';
import type { ArtifactMode } from './types.ts';

/** The largest size an octal ustar field holds: 8 GiB - 1. */
const HUGE = 8 ** 11 - 1;

/** A header block for `name` that claims `size` bytes of content. */
function lyingHeader(name: string, size: number, typeflag = '0'): Uint8Array {
  const block = tarHeader({ name, data: new Uint8Array(0) });
  block.set(new TextEncoder().encode(`${size.toString(8).padStart(11, '0')}\0`), 124);
  block[156] = typeflag.charCodeAt(0);
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return block;
}

function codeOf(bytes: Uint8Array, mode: ArtifactMode): string {
  try {
    readArtifact(bytes, { mode, maxMetadataBytes: Number.MAX_SAFE_INTEGER });
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe.each<ArtifactMode>(['device', 'server'])(
  'in %s mode, without a metadata limit',
  (mode) => {
    it('calls an 8 GiB version that holds 31 bytes truncated', () => {
      const bytes = new Uint8Array([...lyingHeader('version', HUGE), ...VERSION_3]);
      expect(codeOf(bytes, mode)).toBe('truncated');
    });

    it('takes the start of an 8 GiB header-info without reserving 8 GiB', () => {
      const archive = new HeaderArchive({
        mode,
        maxMetadataBytes: Number.MAX_SAFE_INTEGER,
        acceptPayloadType: undefined,
        locate: (offset) => ({ member: 'header.tar', offset }),
      });
      const entry = {
        name: 'header-info',
        size: HUGE,
        kind: 'file',
        mtime: 0,
        offset: 0,
      } as const;
      expect(() => {
        archive.entry(entry);
        archive.data(new Uint8Array(100));
      }).not.toThrow();
    });
  },
);

describe('in server mode, without a metadata limit', () => {
  it('calls an 8 GiB PAX record truncated', () => {
    const bytes = new Uint8Array([
      ...lyingHeader('PaxHeaders.0/version', HUGE, 'x'),
      1,
      2,
    ]);
    expect(codeOf(bytes, 'server')).toBe('truncated');
  });
});
