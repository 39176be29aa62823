/**
 * How a simulated device consumes a download: payload blocks of at most 512
 * bytes with name, offset and size; the header known before the payload;
 * and the checks at the points where mender-mcu makes them.
 */
import { describe, expect, it } from 'vitest';

import { ArtifactError } from './errors.ts';
import { ArtifactReader } from './reader.ts';
import { payloadBytes, sha256Hex } from './testing/craft.ts';
import { outerMembers } from './testing/outcome.ts';
import type { ArtifactHeader, PayloadBlock } from './types.ts';
import { writeArtifact } from './writer.ts';

const firmware = payloadBytes(5000);
const artifact = writeArtifact({
  artifactName: 'fw-1.0.0',
  payloadType: 'zephyr-image',
  deviceTypes: ['esp32'],
  files: [
    { name: 'zephyr.signed.bin', data: firmware },
    { name: 'empty.bin', data: new Uint8Array(0) },
    { name: 'tail.bin', data: payloadBytes(512, 2) },
  ],
});

interface Copied extends Omit<PayloadBlock, 'data'> {
  readonly data: Uint8Array;
  readonly headerKnown: boolean;
}

function download(
  bytes: Uint8Array,
  chunkSize: number,
  mode: 'device' | 'server' = 'device',
) {
  const blocks: Copied[] = [];
  const headers: ArtifactHeader[] = [];
  const reader = new ArtifactReader({
    mode,
    onHeader: (header) => headers.push(header),
    onPayloadBlock: (block) =>
      blocks.push({
        ...block,
        data: block.data.slice(),
        headerKnown: reader.header !== undefined,
      }),
  });
  let pushError: unknown;
  try {
    for (let at = 0; at < bytes.length; at += chunkSize) {
      reader.push(bytes.subarray(at, at + chunkSize));
    }
  } catch (error) {
    pushError = error;
  }
  return { reader, blocks, headers, pushError };
}

function member(bytes: Uint8Array, name: string) {
  const found = outerMembers(bytes).find((item) => item.name === name);
  if (found === undefined) throw new Error(`no member ${name}`);
  return found;
}

describe('a device download', () => {
  it.each([1, 7, 511, 512, 513, 4096, artifact.length])(
    'hands each payload file over in 512-byte blocks when pushed %i bytes at a time',
    (chunkSize) => {
      const { reader, blocks } = download(artifact, chunkSize);
      reader.end();
      const firmwareBlocks = blocks.filter(
        (block) => block.fileName === 'zephyr.signed.bin',
      );
      expect(firmwareBlocks.map((block) => [block.offset, block.data.length])).toEqual([
        [0, 512],
        [512, 512],
        [1024, 512],
        [1536, 512],
        [2048, 512],
        [2560, 512],
        [3072, 512],
        [3584, 512],
        [4096, 512],
        [4608, 392],
      ]);
      expect(firmwareBlocks.every((block) => block.size === 5000)).toBe(true);
      expect(firmwareBlocks.every((block) => block.payloadType === 'zephyr-image')).toBe(
        true,
      );
      const joined = new Uint8Array(firmwareBlocks.flatMap((block) => [...block.data]));
      expect(sha256Hex(joined)).toBe(sha256Hex(firmware));
      // mender-mcu calls the module for no block of an empty file.
      expect(blocks.map((block) => block.fileName)).not.toContain('empty.bin');
      expect(blocks.filter((block) => block.fileName === 'tail.bin')).toHaveLength(1);
    },
  );

  it('knows the header before the first payload block', () => {
    const { reader, blocks, headers } = download(artifact, 100);
    expect(headers).toHaveLength(1);
    expect(headers[0]?.artifactName).toBe('fw-1.0.0');
    expect(headers[0]?.deviceTypes).toEqual(['esp32']);
    expect(blocks.every((block) => block.headerKnown)).toBe(true);
    expect(reader.end().artifactName).toBe('fw-1.0.0');
  });

  it('knows the header once the header archive has arrived, before data/0000.tar', () => {
    const reader = new ArtifactReader({ mode: 'device' });
    const data = member(artifact, 'data/0000.tar');
    reader.push(artifact.subarray(0, data.header - 1));
    expect(reader.header).toBeUndefined();
    reader.push(artifact.subarray(data.header - 1, data.header));
    expect(reader.header?.payloads[0]?.provides).toEqual({
      'rootfs-image.zephyr-image.version': 'fw-1.0.0',
    });
  });

  it('refuses a payload type without an update module before any payload byte', () => {
    const blocks: PayloadBlock[] = [];
    const reader = new ArtifactReader({
      mode: 'device',
      acceptPayloadType: (type) => type === 'noop-update',
      onPayloadBlock: (block) => blocks.push(block),
    });
    expect(() => reader.push(artifact)).toThrow(
      expect.objectContaining({
        code: 'payload-type-unsupported',
        member: 'header.tar',
        entry: 'header-info',
        clientMessage: "Unable to handle artifact type 'zephyr-image'",
      }),
    );
    expect(blocks).toEqual([]);
  });

  it('checks version right after the manifest', () => {
    const tampered = artifact.slice();
    const version = member(tampered, 'version');
    // Same length, valid JSON, different bytes: only the checksum can tell.
    tampered.set(
      new TextEncoder().encode('{"version":3,"format":"mender"}'),
      version.data,
    );
    const manifest = member(tampered, 'manifest');
    const reader = new ArtifactReader({ mode: 'device' });
    reader.push(tampered.subarray(0, manifest.data + manifest.size - 1));
    expect(() =>
      reader.push(tampered.subarray(manifest.data + manifest.size - 1)),
    ).toThrow(
      expect.objectContaining({
        code: 'checksum-mismatch',
        member: 'version',
        clientMessage: "Computed checksum for file 'version' does not match manifest",
      }),
    );
  });

  it('checks header.tar before the first payload byte', () => {
    const tampered = artifact.slice();
    const header = member(tampered, 'header.tar');
    const at = Buffer.from(tampered).indexOf('fw-1.0.0', header.data + 512 * 3);
    tampered[at + 7] = '1'.charCodeAt(0);
    const { blocks, pushError, reader } = download(tampered, 64);
    expect(pushError).toMatchObject({ code: 'checksum-mismatch', member: 'header.tar' });
    expect(blocks).toEqual([]);
    expect(reader.header).toBeUndefined();
  });

  it('checks payload files only after the whole download, as mender-mcu does', () => {
    const tampered = artifact.slice();
    const data = member(tampered, 'data/0000.tar');
    const at = data.data + 512 + 100;
    tampered[at] = (tampered[at] as number) ^ 0xff;

    const device = download(tampered, 300, 'device');
    expect(device.pushError).toBeUndefined();
    expect(device.blocks.filter((b) => b.fileName === 'zephyr.signed.bin')).toHaveLength(
      10,
    );
    expect(() => device.reader.end()).toThrow(
      expect.objectContaining({
        code: 'checksum-mismatch',
        member: 'data/0000.tar',
        entry: 'zephyr.signed.bin',
        clientMessage:
          "Computed checksum for file 'data/0000/zephyr.signed.bin' does not match manifest",
      }),
    );

    // mender-artifact checks each file as soon as it ends.
    const server = download(tampered, 300, 'server');
    expect(server.pushError).toMatchObject({ code: 'checksum-mismatch' });
  });

  it('reports a failing update module as payload-sink-failed', () => {
    const reader = new ArtifactReader({
      mode: 'device',
      onPayloadBlock: (block) => {
        if (block.offset === 1024) throw new Error('flash write failed');
      },
    });
    let error: unknown;
    try {
      reader.push(artifact);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArtifactError);
    expect(error).toMatchObject({
      code: 'payload-sink-failed',
      entry: 'zephyr.signed.bin',
    });
    expect((error as Error).message).toContain('flash write failed');
  });

  it('refuses the artifact when onHeader throws', () => {
    const reader = new ArtifactReader({
      mode: 'device',
      onHeader: (header) => {
        if (!header.deviceTypes.includes('nrf52840dk'))
          throw new Error('wrong device type');
      },
    });
    expect(() => reader.push(artifact)).toThrow(
      expect.objectContaining({
        code: 'header-rejected',
        message: expect.stringContaining('wrong device type'),
      }),
    );
  });
});
