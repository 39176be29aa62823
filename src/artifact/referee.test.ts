/**
 * The outside referee: artifacts that Debian's mender-artifact writes are
 * read with the metadata `mender-artifact read` prints, and artifacts our
 * writer makes pass `mender-artifact validate` and read back as written.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readArtifact, readArtifactAsync } from './readArtifact.ts';
import {
  parseReadout,
  runTool,
  tempDir,
  toolAvailable,
  toolRequired,
  toolSkipReason,
  type ToolReadout,
} from './testing/menderArtifactCli.ts';
import type { ArtifactInfo, ArtifactMode } from './types.ts';
import { writeArtifact, type ArtifactSpec } from './writer.ts';

const NO_KEY_SIGNATURE =
  'signed but no key for verification provided; please use `-k` option for providing verification key';

/** Our reading of an artifact, in the shape `mender-artifact read` prints it. */
function readoutOf(info: ArtifactInfo, keyGiven: boolean): ToolReadout {
  const { signature } = info;
  const manifestOrder = Object.keys(info.manifest);
  const rank = (index: number, name: string) =>
    manifestOrder.indexOf(`data/${String(index).padStart(4, '0')}/${name}`);
  return {
    name: info.artifactName,
    format: 'mender',
    version: info.formatVersion,
    signature: !signature.signed
      ? 'no signature'
      : !keyGiven
        ? NO_KEY_SIGNATURE
        : signature.verified
          ? 'signed and verified correctly'
          : 'signed; verification using provided key failed',
    deviceTypes: [...info.deviceTypes],
    group: info.artifactGroup ?? '',
    dependsOnArtifacts: [...(info.depends.artifact_name ?? [])],
    dependsOnGroups: [...(info.depends.artifact_group ?? [])],
    stateScripts: [...info.stateScripts],
    payloads: info.payloads.map((payload) => ({
      type: payload.type,
      provides: { ...payload.provides },
      depends: Object.fromEntries(
        Object.entries(payload.depends).map(([key, value]) => [key, String(value)]),
      ),
      clearsProvides: [...payload.clearsProvides],
      metaData: payload.metaData,
      // The tool lists files in manifest order.
      files: [...payload.files]
        .sort((a, b) => rank(payload.index, a.name) - rank(payload.index, b.name))
        .map((file) => ({
          name: file.name,
          size: file.size,
          modified: file.modified,
          checksum: file.sha256,
        })),
    })),
  };
}

async function toolReadout(path: string, key?: string): Promise<ToolReadout> {
  const run = await runTool(['read', '--no-progress', ...(key ? ['-k', key] : []), path]);
  expect(run.ok, run.output).toBe(true);
  return parseReadout(run.output);
}

describe.skipIf(!toolAvailable)('the mender-artifact referee', () => {
  const dir = tempDir();
  const at = (name: string) => join(dir.path, name);
  const payload = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) % 256);

  beforeAll(() => {
    writeFileSync(at('zephyr.signed.bin'), payload);
    writeFileSync(at('notes.txt'), 'release notes\n');
    writeFileSync(
      at('meta.json'),
      '{"board":"esp32s3_devkitc","slots":[0,1],"size":5000}',
    );
    writeFileSync(at('ArtifactInstall_Enter_00'), '#!/bin/sh\nexit 0\n');
    execFileSync('openssl', [
      'ecparam',
      '-name',
      'prime256v1',
      '-genkey',
      '-noout',
      '-out',
      at('ec.key'),
    ]);
    execFileSync(
      'openssl',
      ['ec', '-in', at('ec.key'), '-pubout', '-out', at('ec.pub')],
      {
        stdio: 'ignore',
      },
    );
    // mender-artifact reads PKCS#1 RSA keys, which openssl 3 writes only when asked.
    execFileSync('openssl', ['genrsa', '-traditional', '-out', at('rsa.key'), '2048'], {
      stdio: 'ignore',
    });
    execFileSync(
      'openssl',
      ['rsa', '-in', at('rsa.key'), '-pubout', '-out', at('rsa.pub')],
      {
        stdio: 'ignore',
      },
    );
  });
  afterAll(() => dir.remove());

  /** mender-artifact write module-image with everything the format carries. */
  async function toolWrites(name: string, extra: readonly string[]): Promise<string> {
    const output = at(name);
    const run = await runTool([
      'write',
      'module-image',
      '-T',
      'zephyr-image',
      '-t',
      'esp32',
      '-t',
      'nrf52840dk',
      '-t',
      'nrf5340dk',
      '-n',
      'fw-2.1.0',
      '-g',
      'beta',
      '-N',
      'fw-2.0.0',
      '-G',
      'beta',
      '-G',
      'stable',
      '-p',
      'zephyr-image.version:2.1.0',
      '-p',
      'hw.revision:C',
      '-d',
      'zephyr-image.version:2.0.0',
      '--clears-provides',
      'zephyr-image.*',
      '-m',
      at('meta.json'),
      '-f',
      at('zephyr.signed.bin'),
      '-f',
      at('notes.txt'),
      '-o',
      output,
      ...extra,
    ]);
    expect(run.ok, run.output).toBe(true);
    return output;
  }

  describe.each(['none', 'gzip', 'lzma'])(
    'a module image with --compression %s',
    (compression) => {
      it('reads with the metadata mender-artifact read prints', async () => {
        const path = await toolWrites(`module-${compression}.mender`, [
          '--compression',
          compression,
          '-s',
          at('ArtifactInstall_Enter_00'),
        ]);
        const info = await readArtifactAsync(readFileSync(path), { mode: 'server' });
        expect(readoutOf(info, false)).toEqual(await toolReadout(path));
        expect(info.stateScripts).toEqual(['ArtifactInstall_Enter_00']);
        expect(info.headerCompression).toBe(
          { none: 'none', gzip: 'gzip', lzma: 'xz' }[compression],
        );
      });
    },
  );

  it('reads an uncompressed module image the same way in device mode', async () => {
    const path = await toolWrites('module-device.mender', ['--compression', 'none']);
    const bytes = readFileSync(path);
    const device = readArtifact(bytes, { mode: 'device' });
    expect(device).toEqual(readArtifact(bytes, { mode: 'server' }));
    expect(readoutOf(device, false)).toEqual(await toolReadout(path));
  });

  it('verifies an ECDSA signature made with a key from openssl', async () => {
    const path = await toolWrites('ecdsa.mender', [
      '--compression',
      'none',
      '-k',
      at('ec.key'),
    ]);
    const publicKey = readFileSync(at('ec.pub'), 'utf8');
    const info = readArtifact(readFileSync(path), { mode: 'server', publicKey });
    expect(info.signature).toEqual({
      signed: true,
      verified: true,
      algorithm: 'ecdsa-p256-raw',
    });
    expect(readoutOf(info, true)).toEqual(await toolReadout(path, at('ec.pub')));
  });

  it('refuses an ECDSA-signed artifact under another key', async () => {
    const path = await toolWrites('ecdsa-other.mender', [
      '--compression',
      'gzip',
      '-k',
      at('ec.key'),
    ]);
    const otherKey = execFileSync('sh', [
      '-c',
      'openssl ecparam -name prime256v1 -genkey -noout | openssl ec -pubout 2>/dev/null',
    ]).toString();
    expect(() =>
      readArtifact(readFileSync(path), { mode: 'server', publicKey: otherKey }),
    ).toThrow(
      expect.objectContaining({ code: 'signature-invalid', member: 'manifest.sig' }),
    );
    expect((await runTool(['validate', '-k', at('ec.pub'), path])).ok).toBe(true);
  });

  it('verifies an RSA signature asynchronously, as WebCrypto requires', async () => {
    const path = await toolWrites('rsa.mender', [
      '--compression',
      'gzip',
      '-k',
      at('rsa.key'),
    ]);
    const bytes = readFileSync(path);
    const publicKey = readFileSync(at('rsa.pub'), 'utf8');
    const info = await readArtifactAsync(bytes, { mode: 'server', publicKey });
    expect(info.signature).toEqual({
      signed: true,
      verified: true,
      algorithm: 'rsa-pkcs1v15',
    });
    expect(readoutOf(info, true)).toEqual(await toolReadout(path, at('rsa.pub')));
    expect(() => readArtifact(bytes, { mode: 'server', publicKey })).toThrow(
      expect.objectContaining({ code: 'signature-needs-async' }),
    );

    const tampered = bytes.slice();
    const sigAt = Buffer.from(bytes).indexOf('manifest.sig') + 512;
    tampered[sigAt + 10] = tampered[sigAt + 10] === 0x41 ? 0x42 : 0x41;
    await expect(
      readArtifactAsync(tampered, { mode: 'server', publicKey }),
    ).rejects.toMatchObject({ code: 'signature-invalid' });
  });

  it('reads an augmented artifact (manifest-augment, header-augment.tar) in server mode', async () => {
    writeFileSync(at('delta.bin'), 'delta');
    const path = await toolWrites('augmented.mender', [
      '--compression',
      'none',
      '--augment-type',
      'zephyr-delta',
      '--augment-file',
      at('delta.bin'),
    ]);
    const bytes = readFileSync(path);
    const info = readArtifact(bytes, { mode: 'server' });
    expect(info.payloads[0]?.files.map((file) => file.name)).toEqual([
      'zephyr.signed.bin',
      'notes.txt',
      'delta.bin',
    ]);
    expect(Object.keys(info.manifest)).toContain('header-augment.tar');
    // mender-mcu has no augment support: the extra file has no checksum it knows.
    expect(() => readArtifact(bytes, { mode: 'device' })).toThrow(
      expect.objectContaining({ code: 'checksum-missing' }),
    );
  });

  describe('artifacts from our writer', () => {
    const spec: ArtifactSpec = {
      artifactName: 'fw-3.0.0',
      artifactGroup: 'beta',
      payloadType: 'zephyr-image',
      deviceTypes: ['esp32', 'nrf52840dk'],
      dependsOnArtifacts: ['fw-2.0.0', 'fw-2.1.0'],
      dependsOnGroups: ['beta'],
      provides: { 'zephyr-image.version': '3.0.0' },
      depends: { 'zephyr-image.version': '2.1.0' },
      clearsProvides: ['zephyr-image.*'],
      metaData: { board: 'esp32s3_devkitc', mcuboot: 'swap-using-move', slots: [0, 1] },
      files: [
        { name: 'zephyr.signed.bin', data: payload },
        { name: 'empty.bin', data: new Uint8Array(0) },
      ],
      modified: 1_780_000_000,
    };

    it.each<[string, ArtifactSpec]>([
      ['a full module image', spec],
      [
        'an empty payload',
        { artifactName: 'boot', payloadType: null, deviceTypes: ['esp32'], files: [] },
      ],
      [
        'a module image without defaults',
        { ...spec, softwareVersionDefaults: false, clearsProvides: [] },
      ],
    ])(
      'passes mender-artifact validate and reads back as written: %s',
      async (_, input) => {
        const path = at(
          `ours-${input.artifactName}-${String(input.softwareVersionDefaults)}.mender`,
        );
        const bytes = writeArtifact(input);
        writeFileSync(path, bytes);
        const validate = await runTool(['validate', path]);
        expect(validate.ok, validate.output).toBe(true);

        const tool = await toolReadout(path);
        expect(tool.name).toBe(input.artifactName);
        expect(tool.deviceTypes).toEqual(input.deviceTypes);
        expect(tool.group).toBe(input.artifactGroup ?? '');
        expect(tool.dependsOnArtifacts).toEqual(input.dependsOnArtifacts ?? []);
        expect(tool.dependsOnGroups).toEqual(input.dependsOnGroups ?? []);
        expect(tool.payloads[0]?.type).toBe(input.payloadType);
        expect(tool.payloads[0]?.metaData).toEqual(input.metaData);
        expect(tool.payloads[0]?.files.map((file) => [file.name, file.size])).toEqual(
          [...input.files]
            .sort((a, b) => (a.name < b.name ? -1 : 1))
            .map((f) => [f.name, f.data.length]),
        );
        const modes: ArtifactMode[] = [
          'server',
          ...(input.payloadType === null ? [] : ['device' as const]),
        ];
        for (const mode of modes) {
          expect(readoutOf(readArtifact(bytes, { mode }), false)).toEqual(tool);
        }
      },
    );

    it('adds the software-version defaults mender-artifact adds', async () => {
      const ours = readArtifact(writeArtifact(spec), { mode: 'server' }).payloads[0];
      const path = await toolWrites('defaults.mender', ['--compression', 'none']);
      const theirs = readArtifact(readFileSync(path), { mode: 'server' }).payloads[0];
      expect(ours?.provides['rootfs-image.zephyr-image.version']).toBe('fw-3.0.0');
      expect(theirs?.provides['rootfs-image.zephyr-image.version']).toBe('fw-2.1.0');
      expect(ours?.clearsProvides).toEqual(theirs?.clearsProvides);
    });
  });
});

it.runIf(!toolAvailable && toolRequired)('has mender-artifact installed in CI', () => {
  expect.fail(`${toolSkipReason} CI is set, so the referee must run: install it first.`);
});

it.skipIf(toolAvailable)(
  `skips the referee tests: ${toolSkipReason ?? ''}`,
  () => undefined,
);
