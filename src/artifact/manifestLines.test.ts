/**
 * Manifest lines at the edges of the format, judged by `mender-artifact
 * validate` when it is installed. mender-artifact reads the manifest twice:
 * once for checksums (lines trimmed, blank lines skipped, an unterminated
 * last line ignored) and once for the list of payload files (lines
 * untrimmed, every non-empty line split at its first double space, the last
 * line included). mender-mcu reads each newline-ended line once, untrimmed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { craftArtifact, sha256Hex, text } from './testing/craft.ts';
import { runTool, tempDir, toolAvailable } from './testing/menderArtifactCli.ts';
import { codeOf, readInChunks } from './testing/outcome.ts';

/** The crafted artifact with its manifest text changed by `edit`. */
function withManifest(edit: (manifest: string) => string): Uint8Array {
  return craftArtifact({
    manifest: (listed) =>
      text(
        edit(
          Object.entries(listed)
            .map(([path, bytes]) => `${sha256Hex(bytes)}  ${path}\n`)
            .join(''),
        ),
      ),
  });
}

const DATA_LINE_END = 'zephyr.signed.bin\n';

const cases = [
  {
    label: 'a payload line ending in CR LF',
    bytes: withManifest((m) => m.replace(DATA_LINE_END, 'zephyr.signed.bin\r\n')),
    server: 'manifest-invalid',
    device: 'checksum-missing',
  },
  {
    label: 'a payload line ending in a tab',
    bytes: withManifest((m) => m.replace(DATA_LINE_END, 'zephyr.signed.bin\t\n')),
    server: 'manifest-invalid',
    device: 'checksum-missing',
  },
  {
    label: 'a last line without newline or separator',
    bytes: withManifest((m) => `${m}garbage`),
    server: 'manifest-invalid',
    // mender-mcu stops at the last newline.
    device: 'ok',
  },
  {
    label: 'a trailing NUL byte',
    bytes: withManifest((m) => `${m}\0`),
    server: 'manifest-invalid',
    device: 'ok',
  },
  {
    label: 'a blank line',
    bytes: withManifest((m) => m.replace('\n', '\n\n')),
    server: 'ok',
    // mender-mcu: a line without "  " is "Invalid manifest file".
    device: 'manifest-invalid',
  },
  {
    label: 'a line of spaces',
    bytes: withManifest((m) => `${m}   \n`),
    server: 'ok',
    device: 'manifest-invalid',
  },
  {
    label: 'an unterminated last line with a separator',
    bytes: withManifest((m) => `${m}${sha256Hex(text('x'))}  data/0000/ghost`),
    server: 'ok',
    device: 'ok',
  },
];

describe('manifest lines', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it.each(cases)('server mode agrees with mender-artifact on $label', async (item) => {
    const outcome = await readInChunks(item.bytes, { mode: 'server' });
    expect(codeOf(outcome)).toBe(item.server);
    if (!toolAvailable) return;
    const path = join(dir.path, `${item.label.replace(/\W+/g, '-')}.mender`);
    writeFileSync(path, item.bytes);
    const run = await runTool(['validate', path]);
    expect(run.ok, run.output).toBe(item.server === 'ok');
  });

  it.each(cases)('device mode reads $label as mender-mcu does', async (item) => {
    const outcome = await readInChunks(item.bytes, { mode: 'device' });
    expect(codeOf(outcome)).toBe(item.device);
  });
});
