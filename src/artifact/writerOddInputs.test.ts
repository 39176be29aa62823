/**
 * The writer given odd but legal input: every artifact must pass
 * `mender-artifact validate` (when the tool is installed) and read back as
 * written. Names over 100 bytes need a PAX header, as mender-artifact
 * writes them; mender-mcu reads such a header as a file and fails the
 * integrity check, which device mode reproduces. Times a ustar header
 * cannot hold are refused with the field named.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ArtifactSpecError } from './errors.ts';
import { readArtifact } from './readArtifact.ts';
import {
  mapLimit,
  parseReadout,
  runTool,
  tempDir,
  toolAvailable,
} from './testing/menderArtifactCli.ts';
import { codeOf, readInChunks } from './testing/outcome.ts';
import { writeArtifact, type ArtifactSpec } from './writer.ts';

const base: ArtifactSpec = {
  artifactName: 'odd-1',
  payloadType: 'zephyr-image',
  deviceTypes: ['esp32'],
  files: [{ name: 'fw.bin', data: new Uint8Array([1, 2, 3]) }],
};

const longName = `${'n'.repeat(150)}.bin`;

const odd: Record<string, ArtifactSpec> = {
  'unicode names': {
    ...base,
    artifactName: 'ファーム-ü-🚀',
    deviceTypes: ['ésp32', '设备'],
    payloadType: 'zéphyr',
  },
  'an empty file': { ...base, files: [{ name: 'empty.bin', data: new Uint8Array(0) }] },
  'no files': { ...base, files: [] },
  'many files': {
    ...base,
    files: Array.from({ length: 300 }, (_, i) => ({
      name: `part-${i}.bin`,
      data: new Uint8Array([i % 256]),
    })),
  },
  'a 5000-character artifact name': { ...base, artifactName: 'n'.repeat(5000) },
  'a file name of 100 bytes': {
    ...base,
    files: [{ name: 'x'.repeat(100), data: new Uint8Array([7]) }],
  },
  'a file name of 154 bytes': {
    ...base,
    files: [{ name: longName, data: new Uint8Array([7]) }],
  },
  'a file name of 255 bytes': {
    ...base,
    files: [{ name: 'y'.repeat(255), data: new Uint8Array([8]) }],
  },
  'the largest ustar time': { ...base, modified: 8 ** 11 - 1 },
};

describe('the writer on odd input', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('writes artifacts that read back as written in server mode', () => {
    for (const spec of Object.values(odd)) {
      const info = readArtifact(writeArtifact(spec), { mode: 'server' });
      expect(info.artifactName).toBe(spec.artifactName);
      expect(info.deviceTypes).toEqual(spec.deviceTypes);
      expect(info.payloads[0]?.files.map((file) => file.name)).toEqual(
        spec.files.map((file) => file.name),
      );
    }
  });

  it.skipIf(!toolAvailable)(
    'writes artifacts that mender-artifact validates and reads alike',
    async () => {
      const entries = Object.entries(odd);
      const runs = await mapLimit(entries, 4, async ([label, spec]) => {
        const path = join(dir.path, `${label.replace(/\W+/g, '-')}.mender`);
        writeFileSync(path, writeArtifact(spec));
        const validate = await runTool(['validate', path]);
        const read = await runTool(['read', '--no-progress', path]);
        return { label, spec, validate, read };
      });
      for (const { label, spec, validate, read } of runs) {
        expect(validate.ok, `${label}: ${validate.output}`).toBe(true);
        const readout = parseReadout(read.output);
        expect(readout.name, label).toBe(spec.artifactName);
        expect(readout.payloads[0]?.files.map((file) => file.name).sort(), label).toEqual(
          spec.files.map((file) => file.name).sort(),
        );
      }
    },
  );

  it('writes a long file name that a device fails on, as mender-mcu does', async () => {
    const bytes = writeArtifact(odd['a file name of 154 bytes'] as ArtifactSpec);
    const outcome = await readInChunks(bytes, { mode: 'device' });
    expect(codeOf(outcome)).toBe('checksum-missing');
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/PaxHeaders\.0\//);
  });

  it.each([
    [
      'a file name of 256 bytes',
      { files: [{ name: 'z'.repeat(256), data: new Uint8Array(1) }] },
    ],
    ['a negative time', { modified: -1 }],
    ['a fractional time', { modified: 1.5 }],
    ['a time past the ustar field', { modified: 8 ** 11 }],
    ['a time that is not a number', { modified: Number.NaN }],
  ])('refuses %s with the field named', (_label, change) => {
    let error: unknown;
    try {
      writeArtifact({ ...base, ...change });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArtifactSpecError);
    expect(error).toMatchObject({
      field: 'files' in change ? 'files[0].name' : 'modified',
    });
  });
});
