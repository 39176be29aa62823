import { describe, expect, it } from 'vitest';

import { ArtifactSpecError } from './errors.ts';
import { readArtifact } from './readArtifact.ts';
import { payloadBytes, sha256Hex } from './testing/craft.ts';
import { outerMembers } from './testing/outcome.ts';
import { writeArtifact, type ArtifactSpec } from './writer.ts';

const spec: ArtifactSpec = {
  artifactName: 'fw-1.2.0',
  artifactGroup: 'stable',
  payloadType: 'zephyr-image',
  deviceTypes: ['esp32', 'nrf52840dk'],
  dependsOnArtifacts: ['fw-1.1.0'],
  provides: { 'zephyr-image.version': '1.2.0' },
  depends: { 'zephyr-image.version': '1.1.0', 'hw.revision': ['B', 'C'] },
  clearsProvides: ['zephyr-image.*'],
  metaData: { board: 'esp32s3_devkitc', image_size: 7000 },
  files: [{ name: 'zephyr.signed.bin', data: payloadBytes(7000) }],
};

describe('writeArtifact', () => {
  it('lays out version, manifest, header.tar and data/0000.tar, uncompressed', () => {
    const bytes = writeArtifact(spec);
    expect(outerMembers(bytes).map((member) => member.name)).toEqual([
      'version',
      'manifest',
      'header.tar',
      'data/0000.tar',
    ]);
    expect(bytes.length % 512).toBe(0);
  });

  it('reads back in both modes with every field it was given', () => {
    for (const mode of ['device', 'server'] as const) {
      const info = readArtifact(writeArtifact(spec), { mode });
      expect(info).toMatchObject({
        formatVersion: 3,
        artifactName: 'fw-1.2.0',
        artifactGroup: 'stable',
        payloadTypes: ['zephyr-image'],
        deviceTypes: ['esp32', 'nrf52840dk'],
        depends: { artifact_name: ['fw-1.1.0'], device_type: ['esp32', 'nrf52840dk'] },
        headerCompression: 'none',
      });
      const payload = info.payloads[0];
      expect(payload?.provides).toEqual({
        'rootfs-image.zephyr-image.version': 'fw-1.2.0',
        'zephyr-image.version': '1.2.0',
      });
      expect(payload?.depends).toEqual({
        'hw.revision': ['B', 'C'],
        'zephyr-image.version': '1.1.0',
      });
      expect(payload?.clearsProvides).toEqual([
        'zephyr-image.*',
        'rootfs-image.zephyr-image.*',
      ]);
      expect(payload?.metaData).toEqual({ board: 'esp32s3_devkitc', image_size: 7000 });
      expect(payload?.files).toEqual([
        {
          name: 'zephyr.signed.bin',
          size: 7000,
          sha256: sha256Hex(payloadBytes(7000)),
          modified: 0,
        },
      ]);
    }
  });

  it('gives the same bytes for the same spec', () => {
    expect(sha256Hex(writeArtifact(spec))).toBe(sha256Hex(writeArtifact({ ...spec })));
  });

  it.each<[string, Partial<ArtifactSpec>]>([
    ['artifactName', { artifactName: ' ' }],
    ['deviceTypes', { deviceTypes: [] }],
    ['payloadType', { payloadType: '' }],
    ['files', { payloadType: null }],
    ['files[0].name', { files: [{ name: 'dir/file.bin', data: new Uint8Array(1) }] }],
    ['files[1].name', { files: [spec.files[0]!, spec.files[0]!] }],
    ['metaData', { metaData: [1, 2] as unknown as Record<string, unknown> }],
  ])('names the field at fault: %s', (field, change) => {
    let error: unknown;
    try {
      writeArtifact({ ...spec, ...change });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArtifactSpecError);
    expect(error).toMatchObject({ field });
  });
});
