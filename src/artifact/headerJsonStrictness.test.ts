/**
 * Server mode refuses the header JSON that mender-artifact refuses: Go's
 * encoding/json decodes header-info and version into structs with unknown
 * fields disallowed, refuses a byte order mark, and wants string lists for
 * the known header-info depends. Device mode reads like mender-mcu's cJSON,
 * which skips a byte order mark, ignores unknown keys and takes a string
 * where a list is expected, so it accepts these. Each case is also run
 * through `mender-artifact validate` when the tool is installed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { craftArtifact, json, text, VERSION_3 } from './testing/craft.ts';
import { runTool, tempDir, toolAvailable } from './testing/menderArtifactCli.ts';
import { codeOf, readInChunks } from './testing/outcome.ts';
import type { TarFile } from './tarWriter.ts';

const BOM = '\ufeff';
const HEADER_INFO = {
  payloads: [{ type: 'zephyr-image' }],
  artifact_provides: { artifact_name: 'strict-1' },
  artifact_depends: { device_type: ['esp32'] },
};
const TYPE_INFO = json({ type: 'zephyr-image' });

function headerWith(headerInfo: Uint8Array, ...more: TarFile[]): TarFile[] {
  return [
    { name: 'header-info', data: headerInfo },
    { name: 'headers/0000/type-info', data: TYPE_INFO },
    ...more,
  ];
}

interface Case {
  readonly label: string;
  readonly bytes: Uint8Array;
  /** The server-mode error code; mender-artifact refuses all of these. */
  readonly serverCode: string;
  /** Device mode's outcome, like mender-mcu's. */
  readonly deviceCode: string;
}

const cases: Case[] = [
  {
    label: 'a byte order mark before version',
    bytes: craftArtifact({ version: text(BOM + new TextDecoder().decode(VERSION_3)) }),
    serverCode: 'version-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'an unknown field in version',
    bytes: craftArtifact({ version: json({ format: 'mender', version: 3, x: 1 }) }),
    serverCode: 'version-invalid',
    deviceCode: 'ok',
  },
  ...['3.0', '3e0'].map((written) => ({
    label: `version written as ${written}`,
    bytes: craftArtifact({ version: text(`{"format":"mender","version":${written}}`) }),
    // Go decodes the version into an int; cJSON reads a number and casts it.
    serverCode: 'version-invalid',
    deviceCode: 'ok',
  })),
  {
    label: 'a byte order mark before header-info',
    bytes: craftArtifact({
      headerEntries: headerWith(text(BOM + JSON.stringify(HEADER_INFO))),
    }),
    serverCode: 'header-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'an unknown top-level field in header-info',
    bytes: craftArtifact({ headerInfo: { ...HEADER_INFO, updates: [] } }),
    serverCode: 'header-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'an unknown field in a payload of header-info',
    bytes: craftArtifact({
      headerInfo: { ...HEADER_INFO, payloads: [{ type: 'zephyr-image', x: 1 }] },
    }),
    serverCode: 'header-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'an unknown field in header-info artifact_provides',
    bytes: craftArtifact({
      headerInfo: {
        ...HEADER_INFO,
        artifact_provides: { artifact_name: 'strict-1', foo: 'bar' },
      },
    }),
    serverCode: 'header-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'a string instead of a list for depends.artifact_group',
    bytes: craftArtifact({
      headerInfo: {
        ...HEADER_INFO,
        artifact_depends: { device_type: ['esp32'], artifact_group: 'beta' },
      },
    }),
    serverCode: 'header-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'a string instead of a list for depends.device_type',
    bytes: craftArtifact({
      headerInfo: { ...HEADER_INFO, artifact_depends: { device_type: 'esp32' } },
    }),
    serverCode: 'header-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'an empty payload type',
    bytes: craftArtifact({ headerInfo: { ...HEADER_INFO, payloads: [{ type: '' }] } }),
    serverCode: 'header-info-invalid',
    // mender-mcu looks for an update module named "", and finds none.
    deviceCode: 'payload-type-unsupported',
  },
  {
    label: 'a byte order mark before type-info',
    bytes: craftArtifact({
      headerEntries: [
        { name: 'header-info', data: json(HEADER_INFO) },
        { name: 'headers/0000/type-info', data: text(BOM + '{"type":"zephyr-image"}') },
      ],
    }),
    serverCode: 'type-info-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'a byte order mark before meta-data',
    bytes: craftArtifact({ metaData: text(BOM + '{"board":"esp32"}') }),
    serverCode: 'meta-data-invalid',
    deviceCode: 'ok',
  },
  {
    label: 'a state script after headers/',
    bytes: craftArtifact({
      headerEntries: headerWith(json(HEADER_INFO), {
        name: 'scripts/ArtifactInstall_Enter_00',
        data: text('#!/bin/sh\n'),
      }),
    }),
    serverCode: 'header-entry-unexpected',
    // mender-mcu ignores scripts wherever they are.
    deviceCode: 'ok',
  },
  {
    label: 'a payload file in an empty (type null) payload',
    bytes: craftArtifact({ headerInfo: { ...HEADER_INFO, payloads: [{ type: null }] } }),
    serverCode: 'file-unexpected',
    // mender-mcu takes only string payload types.
    deviceCode: 'header-info-invalid',
  },
];

const accept = { acceptPayloadType: (type: string) => type === 'zephyr-image' };

describe('header JSON that mender-artifact refuses', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it.each(cases)('is refused in server mode: $label', async (item) => {
    expect(codeOf(await readInChunks(item.bytes, { mode: 'server' }))).toBe(
      item.serverCode,
    );
    if (!toolAvailable) return;
    const path = join(dir.path, `${item.label.replace(/\W+/g, '-')}.mender`);
    writeFileSync(path, item.bytes);
    const run = await runTool(['validate', path]);
    expect(run.ok, run.output).toBe(false);
  });

  it.each(cases)(
    'is read as mender-mcu reads it in device mode: $label',
    async (item) => {
      const outcome = await readInChunks(item.bytes, { mode: 'device', ...accept });
      expect(codeOf(outcome)).toBe(item.deviceCode);
    },
  );
});

describe('header JSON with invalid UTF-8', () => {
  // Go replaces invalid bytes with U+FFFD and cJSON keeps them: both read on.
  const name = new Uint8Array([
    ...text('{"payloads":[{"type":"zephyr-image"}],'),
    ...text('"artifact_provides":{"artifact_name":"fw-'),
    0xff,
    ...text('"},"artifact_depends":{"device_type":["esp32"]}}'),
  ]);
  const bytes = craftArtifact({ headerEntries: headerWith(name) });

  it.each(['server', 'device'] as const)('is read in %s mode', async (mode) => {
    const outcome = await readInChunks(bytes, { mode, ...accept });
    expect(outcome.ok && outcome.info.artifactName).toBe('fw-\ufffd');
  });
});
