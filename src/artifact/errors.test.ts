/**
 * Bad input gives a typed ArtifactError with a code, the member, the byte
 * offset and a message in plain words; never a hang, never an untyped throw.
 */
import { execFileSync, spawnSync } from 'node:child_process';

import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { ArtifactError } from './errors.ts';
import { readArtifact, readArtifactAsync } from './readArtifact.ts';
import { ArtifactReader } from './reader.ts';
import { craftArtifact, json, manifestOf, text } from './testing/craft.ts';
import { fixturesDir } from './testing/menderArtifactCli.ts';
import { fixture, outerMembers, readInChunks } from './testing/outcome.ts';
import { writeTar } from './tarWriter.ts';
import type { ArtifactMode } from './types.ts';
import { writeArtifact } from './writer.ts';

const modes: ArtifactMode[] = ['device', 'server'];

function errorOf(bytes: Uint8Array, mode: ArtifactMode, maxMetadataBytes?: number) {
  try {
    readArtifact(bytes, { mode, ...(maxMetadataBytes ? { maxMetadataBytes } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactError);
    return error as ArtifactError;
  }
  throw new Error('the artifact was read without an error');
}

describe.each(modes)('in %s mode', (mode) => {
  it('calls empty input truncated', () => {
    expect(errorOf(new Uint8Array(0), mode)).toMatchObject({
      code: 'truncated',
      offset: 0,
    });
  });

  it('says that garbage is not a tar archive', () => {
    const garbage = Uint8Array.from({ length: 2048 }, (_, i) => (i * 97 + 13) % 251);
    const error = errorOf(garbage, mode);
    expect(error).toMatchObject({ code: 'not-a-tar', offset: 0 });
    expect(error.message).toMatch(/not a tar archive/);
  });

  it('names the member and offset where the input is cut short', () => {
    const bytes = craftArtifact();
    const data = outerMembers(bytes).find((member) => member.name === 'data/0000.tar');
    const error = errorOf(bytes.subarray(0, (data?.data ?? 0) + 700), mode);
    expect(error).toMatchObject({ code: 'truncated', offset: (data?.data ?? 0) + 700 });
    expect(error.message).toMatch(/cut short/);
  });

  it('wants version first', () => {
    const bytes = writeTar([{ name: 'manifest', data: text('') }]);
    expect(errorOf(bytes, mode)).toMatchObject({
      code: 'member-unexpected',
      member: 'manifest',
    });
  });

  it('refuses format version 4 with the client message', () => {
    const version = text('{"format":"mender","version":4}');
    const error = errorOf(craftArtifact({ version }), mode);
    expect(error).toMatchObject({
      code: 'version-unsupported',
      member: 'version',
      clientMessage: 'Invalid version value',
    });
  });

  it('refuses a version file of another format', () => {
    const version = text('{"format":"xender","version":3}');
    expect(errorOf(craftArtifact({ version }), mode)).toMatchObject({
      code: 'version-invalid',
    });
  });

  it('refuses a malformed manifest line', () => {
    const manifest = () => text('not-a-checksum-line\n');
    expect(errorOf(craftArtifact({ manifest }), mode)).toMatchObject({
      code: 'manifest-invalid',
      member: 'manifest',
    });
  });

  it('reports a manifest without a line for version', () => {
    const manifest = (listed: Record<string, Uint8Array>) => {
      const { version: _version, ...rest } = listed;
      return manifestOf(rest);
    };
    expect(errorOf(craftArtifact({ manifest }), mode).code).toBe('checksum-missing');
  });

  it('reports a file the manifest lists but the artifact lacks', () => {
    const manifest = (listed: Record<string, Uint8Array>) =>
      manifestOf({ ...listed, 'data/0000/missing.bin': text('x') });
    expect(errorOf(craftArtifact({ manifest }), mode)).toMatchObject({
      code: 'file-missing',
      message: expect.stringContaining('data/0000/missing.bin'),
    });
  });

  it('wants header-info as the first entry of the header archive', () => {
    const headerEntries = [{ name: 'headers/0000/type-info', data: json({ type: 'x' }) }];
    expect(errorOf(craftArtifact({ headerEntries }), mode)).toMatchObject({
      code: 'header-info-missing',
      member: 'header.tar',
      entry: 'headers/0000/type-info',
    });
  });

  it('says which header-info field is wrong', () => {
    const headerInfo = { payloads: [{ type: 'zephyr-image' }], artifact_provides: {} };
    const error = errorOf(craftArtifact({ headerInfo }), mode);
    expect(error).toMatchObject({ code: 'header-info-invalid', entry: 'header-info' });
    expect(error.message).toContain('artifact_provides.artifact_name');
  });

  it('refuses meta-data that is not a JSON object', () => {
    const error = errorOf(craftArtifact({ metaData: text('[1,2]') }), mode);
    expect(error).toMatchObject({
      code: 'meta-data-invalid',
      entry: 'headers/0000/meta-data',
    });
  });

  it('refuses metadata over the stated limit before buffering it', () => {
    const big = text(JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }));
    expect(errorOf(craftArtifact({ metaData: big }), mode)).toMatchObject({
      code: 'metadata-too-large',
      entry: 'headers/0000/meta-data',
    });
    const small = text(JSON.stringify({ blob: 'x'.repeat(200) }));
    expect(errorOf(craftArtifact({ metaData: small }), mode, 100).code).toBe(
      'metadata-too-large',
    );
  });

  it('refuses to read on after finishing', () => {
    const reader = new ArtifactReader({ mode });
    reader.push(
      writeArtifact({
        artifactName: 'a',
        payloadType: 't',
        deviceTypes: ['d'],
        files: [],
      }),
    );
    reader.end();
    expect(() => reader.push(new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'reader-closed' }),
    );
  });

  it('keeps failing with the first error', () => {
    const reader = new ArtifactReader({ mode });
    const garbage = new Uint8Array(512).fill(0x41);
    expect(() => reader.push(garbage)).toThrow(ArtifactError);
    expect(() => reader.push(new Uint8Array(10))).toThrow(
      expect.objectContaining({ code: 'not-a-tar' }),
    );
  });
});

describe('where the modes differ', () => {
  it('refuses a gzip header archive in device mode only', async () => {
    const bytes = craftArtifact({
      headerName: 'header.tar.gz',
      encodeHeader: (tar) => gzipSync(tar),
    });
    expect(errorOf(bytes, 'device')).toMatchObject({
      code: 'compression-unsupported',
      clientMessage: 'Artifact compression is not supported',
    });
    expect((await readInChunks(bytes, { mode: 'server' })).ok).toBe(true);
  });

  it('refuses a compressed data archive in device mode even when the manifest allows it', () => {
    const bytes = craftArtifact({
      dataName: 'data/0000.tar.gz',
      encodeData: (tar) => gzipSync(tar),
    });
    expect(errorOf(bytes, 'device')).toMatchObject({
      code: 'compression-unsupported',
      member: 'data/0000.tar.gz',
    });
    expect(readArtifact(bytes, { mode: 'server' }).payloads[0]?.compression).toBe('gzip');
  });

  it('checks tar header checksums in server mode only, as mender-mcu does not', () => {
    const bytes = craftArtifact();
    const manifest = outerMembers(bytes).find((member) => member.name === 'manifest');
    const at = (manifest?.header ?? 0) + 136; // a byte of the mtime field
    bytes[at] = (bytes[at] as number) ^ 0x01;
    expect(errorOf(bytes, 'server')).toMatchObject({
      code: 'tar-header-invalid',
      offset: manifest?.header,
    });
    expect(readArtifact(bytes, { mode: 'device' }).artifactName).toBe('crafted-1');
  });

  it('skips members mender-mcu does not know, which mender-artifact refuses', () => {
    const bytes = craftArtifact({
      afterManifest: [{ name: 'notes.txt', data: text('hi') }],
    });
    expect(readArtifact(bytes, { mode: 'device' }).artifactName).toBe('crafted-1');
    expect(errorOf(bytes, 'server')).toMatchObject({
      code: 'member-unexpected',
      member: 'notes.txt',
    });
  });

  it('refuses a second payload in device mode', () => {
    const headerInfo = {
      payloads: [{ type: 'zephyr-image' }, { type: 'zephyr-image' }],
      artifact_provides: { artifact_name: 'two' },
      artifact_depends: { device_type: ['esp32'] },
    };
    expect(errorOf(craftArtifact({ headerInfo }), 'device').code).toBe(
      'payload-count-unsupported',
    );
  });
});

describe.skipIf(spawnSync('zstd', ['--version']).status !== 0)(
  'zstd (server mode)',
  () => {
    it('reads header and data archives compressed with zstd', () => {
      const zstd = (tar: Uint8Array) =>
        new Uint8Array(execFileSync('zstd', ['-c', '-q'], { input: tar }));
      const bytes = craftArtifact({
        headerName: 'header.tar.zst',
        encodeHeader: zstd,
        dataName: 'data/0000.tar.zst',
        encodeData: zstd,
      });
      const info = readArtifact(bytes, { mode: 'server' });
      expect(info.headerCompression).toBe('zstd');
      expect(info.payloads[0]?.files[0]?.size).toBe(3000);
    });
  },
);

describe.skipIf(fixturesDir === undefined)('xz (server mode)', () => {
  it('asks for endAsync when end() meets xz', () => {
    expect(() =>
      readArtifact(fixture('gen-zephyr-image-esp32-lzma.mender'), { mode: 'server' }),
    ).toThrow(expect.objectContaining({ code: 'compression-needs-async' }));
  });

  it('reports a corrupt xz stream as decompression-failed', async () => {
    const bytes = fixture('gen-zephyr-image-esp32-lzma.mender');
    const data = outerMembers(bytes).find((member) => member.name === 'data/0000.tar.xz');
    const broken = bytes.slice();
    broken.fill(0x55, (data?.data ?? 0) + 40, (data?.data ?? 0) + 60);
    await expect(readArtifactAsync(broken, { mode: 'server' })).rejects.toMatchObject({
      code: expect.stringMatching(/decompression-failed|checksum-mismatch/),
      member: 'data/0000.tar.xz',
    });
  });
});

describe('any input', () => {
  const valid = craftArtifact({ metaData: json({ board: 'esp32' }) });

  it('gives a result or an ArtifactError for arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom(...modes),
        async (bytes, mode) => {
          await readInChunks(bytes, { mode });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives a result or an ArtifactError for damaged artifacts, in any chunking', async () => {
    const damage = fc.record({
      cut: fc.nat({ max: valid.length }),
      writes: fc.array(
        fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })),
        {
          maxLength: 4,
        },
      ),
      chunk: fc.integer({ min: 1, max: 2000 }),
      mode: fc.constantFrom(...modes),
    });
    await fc.assert(
      fc.asyncProperty(damage, async ({ cut, writes, chunk, mode }) => {
        const bytes = valid.slice(0, cut);
        for (const [at, value] of writes) if (at < bytes.length) bytes[at] = value;
        const whole = await readInChunks(bytes, { mode });
        const chunked = await readInChunks(bytes, { mode }, chunk);
        expect(chunked.ok).toBe(whole.ok);
        if (!whole.ok && !chunked.ok) expect(chunked.error.code).toBe(whole.error.code);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a crafted artifact in both modes', () => {
    for (const mode of modes) {
      expect(readArtifact(valid, { mode }).artifactName).toBe('crafted-1');
    }
  });
});
