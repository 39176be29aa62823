/**
 * Every artifact in ../shared/fixtures/artifacts gives the outcome its
 * SOURCES.md states, in device mode and in server mode, whether pushed
 * whole or one byte at a time.
 */
import { describe, expect, it } from 'vitest';

import { fixturesDir } from './testing/menderArtifactCli.ts';
import { codeOf, fixture, fixtureText, readInChunks } from './testing/outcome.ts';
import type { ArtifactInfo, ArtifactMode } from './types.ts';

const ZEPHYR_V1_SHA = '5d3a083afba59fd05b15cc5cd04bc049ee1f19e6baff584058ef94fa1501f8a9';
const ZEPHYR_V2_SHA = '6627e33113241f626ac4b9d99fc59582b3e2a0d32c4ffcb04d6113ac2e7c8672';
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const GEN_KEY = 'gen-zephyr-image-esp32-signed-ecdsa-none.pub.pem';
const NITRO_KEY = 'real-rootfs-image-signed-ecdsa-nitro.pub.pem';

interface Expected {
  /** 'ok' or the error code, per mode. */
  readonly device: string;
  readonly server: string;
  /** Why device mode fails where mender-artifact succeeds. */
  readonly deviceWhy?: string;
  readonly check?: (info: ArtifactInfo) => void;
}

const COMPRESSED =
  'mender-mcu refuses compressed artifacts ("Artifact compression is not supported")';

const zephyrEsp32 = (name: string) => (info: ArtifactInfo) => {
  expect(info.artifactName).toBe(name);
  expect(info.deviceTypes).toEqual(['esp32']);
  expect(info.payloadTypes).toEqual(['zephyr-image']);
  expect(info.payloads[0]?.provides).toEqual({
    'rootfs-image.zephyr-image.version': name,
  });
  expect(info.payloads[0]?.clearsProvides).toEqual(['rootfs-image.zephyr-image.*']);
  expect(
    info.payloads[0]?.files.map((file) => [file.name, file.size, file.sha256]),
  ).toEqual([['zephyr.signed.bin', 4096, ZEPHYR_V1_SHA]]);
};

const EXPECTED: Record<string, Expected> = {
  'gen-zephyr-image-esp32-none.mender': {
    device: 'ok',
    server: 'ok',
    check: (info) => {
      zephyrEsp32('esp32-fw-1.0.0')(info);
      expect(info.payloads[0]?.metaData).toBeUndefined();
      expect(info.signature).toEqual({ signed: false, verified: false });
    },
  },
  'gen-zephyr-image-depends-provides-none.mender': {
    device: 'ok',
    server: 'ok',
    check: (info) => {
      expect(info.artifactName).toBe('fw-2.0.0');
      expect(info.artifactGroup).toBe('stable');
      expect(info.depends).toEqual({
        artifact_name: ['fw-1.0.0'],
        device_type: ['esp32', 'nrf52840dk'],
        artifact_group: ['stable', 'beta'],
      });
      const payload = info.payloads[0];
      expect(payload?.depends).toEqual({ 'zephyr-image.version': '1.0.0' });
      expect(payload?.provides).toEqual({
        'hw.revision': 'B',
        'rootfs-image.zephyr-image.version': 'fw-2.0.0',
        'zephyr-image.version': '2.0.0',
      });
      expect(payload?.clearsProvides).toEqual([
        'zephyr-image.*',
        'rootfs-image.zephyr-image.*',
      ]);
      expect(payload?.metaData).toEqual({
        board: 'esp32s3_devkitc',
        mcuboot: 'swap-using-move',
      });
      expect(payload?.files[0]?.sha256).toBe(ZEPHYR_V2_SHA);
    },
  },
  'gen-zephyr-image-esp32-gzip.mender': {
    device: 'compression-unsupported',
    deviceWhy: COMPRESSED,
    server: 'ok',
    check: (info) => {
      zephyrEsp32('esp32-fw-1.0.1-gz')(info);
      expect(info.headerCompression).toBe('gzip');
      expect(info.payloads[0]?.compression).toBe('gzip');
    },
  },
  'gen-zephyr-image-esp32-lzma.mender': {
    device: 'compression-unsupported',
    deviceWhy: COMPRESSED,
    server: 'ok',
    check: (info) => {
      zephyrEsp32('esp32-fw-1.0.1-xz')(info);
      expect(info.headerCompression).toBe('xz');
    },
  },
  'gen-zephyr-image-esp32-signed-ecdsa-none.mender': {
    device: 'ok',
    server: 'ok',
    check: (info) => {
      zephyrEsp32('esp32-fw-1.0.2-signed')(info);
      expect(info.signature.signed).toBe(true);
    },
  },
  'gen-bootstrap-empty-payload-none.mender': {
    device: 'header-info-invalid',
    deviceWhy: 'mender-mcu takes only string payload types ("Invalid header-info file")',
    server: 'ok',
    check: (info) => {
      expect(info.artifactName).toBe('esp32-bootstrap');
      expect(info.payloadTypes).toEqual([null]);
      expect(info.payloads[0]?.files).toEqual([]);
      expect(Object.keys(info.manifest).sort()).toEqual(['header.tar', 'version']);
    },
  },
  'broken-checksum-mismatch.mender': {
    device: 'checksum-mismatch',
    server: 'checksum-mismatch',
  },
  'broken-unsupported-version.mender': {
    device: 'version-unsupported',
    server: 'version-unsupported',
  },
  'broken-bad-signature.mender': {
    // Without a key nobody checks the signature; the keyed case is below.
    device: 'ok',
    server: 'ok',
    check: (info) => expect(info.signature).toEqual({ signed: true, verified: false }),
  },
  'real-rootfs-image-minimal.mender': {
    device: 'compression-unsupported',
    deviceWhy: COMPRESSED,
    server: 'ok',
    check: (info) => {
      expect(info.artifactName).toBe('test');
      expect(info.deviceTypes).toEqual(['test']);
      expect(info.payloads[0]?.typeInfoType).toBe('');
      expect(info.payloads[0]?.files).toEqual([
        expect.objectContaining({ name: 'test', size: 0, sha256: EMPTY_SHA }),
      ]);
    },
  },
  'real-rootfs-image-signed-ecdsa-nitro.mender': {
    device: 'compression-unsupported',
    deviceWhy: COMPRESSED,
    server: 'ok',
    check: (info) => {
      expect(info.artifactName).toBe('a0');
      expect(info.deviceTypes).toEqual(['raspberrypi5']);
      expect(info.payloads[0]?.clearsProvides).toEqual([
        'artifact_group',
        'rootfs_image_checksum',
        'rootfs-image.*',
      ]);
      expect(info.payloads[0]?.files[0]).toMatchObject({ name: 'empty-file', size: 0 });
    },
  },
  'real-rootfs-image-v2-500k-dump.mender': {
    device: 'compression-unsupported',
    deviceWhy: COMPRESSED,
    server: 'ok',
    check: (info) => {
      expect(info.artifactName).toBe('deployments-phase-testing');
      expect(info.payloadTypes).toEqual(['rootfs-image-v2']);
      expect(info.deviceTypes).toEqual(['qemux86-64']);
      expect(info.payloads[0]?.files[0]).toMatchObject({ name: 'dump', size: 512000 });
    },
  },
};

describe.skipIf(fixturesDir === undefined)('the shared artifact fixtures', () => {
  const modes: ArtifactMode[] = ['device', 'server'];

  describe.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    it.each(modes)('gives the stated outcome in %s mode', async (mode) => {
      const outcome = await readInChunks(fixture(name), { mode });
      expect(codeOf(outcome)).toBe(expected[mode]);
      if (outcome.ok) expected.check?.(outcome.info);
    });

    it.each(modes)(
      'gives the same result one byte at a time in %s mode',
      async (mode) => {
        const bytes = fixture(name);
        const whole = await readInChunks(bytes, { mode });
        const byByte = await readInChunks(bytes, { mode }, 1);
        expect(byByte).toEqual(whole);
      },
    );
  });

  it('covers every fixture in the folder', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(fixturesDir as string).filter((file) =>
      file.endsWith('.mender'),
    );
    expect(Object.keys(EXPECTED).sort()).toEqual(files.sort());
  });

  describe('with a verification key (server mode)', () => {
    it('verifies the raw r||s ECDSA signature mender-artifact writes', async () => {
      const name = 'gen-zephyr-image-esp32-signed-ecdsa-none.mender';
      const outcome = await readInChunks(fixture(name), {
        mode: 'server',
        publicKey: fixtureText(GEN_KEY),
      });
      expect(outcome.ok && outcome.info.signature).toEqual({
        signed: true,
        verified: true,
        algorithm: 'ecdsa-p256-raw',
      });
    });

    it('verifies the DER ECDSA signature an HSM wrote', async () => {
      const name = 'real-rootfs-image-signed-ecdsa-nitro.mender';
      const outcome = await readInChunks(fixture(name), {
        mode: 'server',
        publicKey: fixtureText(NITRO_KEY),
      });
      expect(outcome.ok && outcome.info.signature).toEqual({
        signed: true,
        verified: true,
        algorithm: 'ecdsa-p256-der',
      });
    });

    it('refuses the tampered signature with "signature-invalid"', async () => {
      const outcome = await readInChunks(fixture('broken-bad-signature.mender'), {
        mode: 'server',
        publicKey: fixtureText(GEN_KEY),
      });
      expect(codeOf(outcome)).toBe('signature-invalid');
      expect(outcome.ok ? undefined : outcome.error.member).toBe('manifest.sig');
    });

    it('refuses an unsigned artifact with "signature-missing"', async () => {
      const outcome = await readInChunks(fixture('gen-zephyr-image-esp32-none.mender'), {
        mode: 'server',
        publicKey: fixtureText(GEN_KEY),
      });
      expect(codeOf(outcome)).toBe('signature-missing');
    });

    it('ignores the key in device mode, as mender-mcu skips manifest.sig', async () => {
      const outcome = await readInChunks(fixture('broken-bad-signature.mender'), {
        mode: 'device',
        publicKey: fixtureText(GEN_KEY),
      });
      expect(outcome.ok && outcome.info.signature).toEqual({
        signed: true,
        verified: false,
      });
    });
  });
});

it.skipIf(fixturesDir !== undefined)(
  'skips the fixture tests: ../shared/fixtures/artifacts is absent',
  () => undefined,
);
