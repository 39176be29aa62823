/**
 * Damaged artifacts, judged by the referee: each fixture is cut at every
 * 512-byte boundary and has one byte flipped in every member (the first,
 * middle and last byte of its content, and the first byte of its tar
 * header). For each variant, whether our reader gives a result or a typed
 * error must agree with `mender-artifact validate` on the same bytes.
 *
 * All shared fixtures are under 14 KiB, so every boundary is cut. One
 * larger artifact (1 MiB payload, written by the tool) is cut at a sample of
 * boundaries: the first and last 24 and every 61st in between; cutting all
 * 2,000+ would spend a process per cut on the same payload blocks.
 *
 * Device mode must differ from the tool where mender-mcu differs, and the
 * expectation says why at each place.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  fixturesDir,
  mapLimit,
  runTool,
  tempDir,
  toolAvailable,
  toolRequired,
  toolSkipReason,
} from './testing/menderArtifactCli.ts';
import { fixture, fixtureText, outerMembers, readInChunks } from './testing/outcome.ts';

interface Variant {
  readonly label: string;
  readonly bytes: Uint8Array;
  /** The flip is in the tar header block of this member. */
  readonly headerOf?: string;
}

interface Setup {
  /** Key for server mode and `validate -k`. */
  readonly key?: string;
  /** Device mode always fails, for this reason. */
  readonly deviceFails?: string;
  /** Judge server mode with `read` (no key) because `validate -k` cannot. */
  readonly serverByRead?: string;
}

const COMPRESSED = 'mender-mcu refuses compressed artifacts';
const GEN_KEY = 'gen-zephyr-image-esp32-signed-ecdsa-none.pub.pem';

const SETUPS: Record<string, Setup> = {
  'gen-zephyr-image-esp32-none.mender': {},
  'gen-zephyr-image-depends-provides-none.mender': {},
  'gen-zephyr-image-esp32-signed-ecdsa-none.mender': { key: GEN_KEY },
  'gen-zephyr-image-esp32-gzip.mender': { deviceFails: COMPRESSED },
  'gen-zephyr-image-esp32-lzma.mender': { deviceFails: COMPRESSED },
  'gen-bootstrap-empty-payload-none.mender': {
    deviceFails:
      'mender-mcu takes only string payload types, and bootstrap types are null',
  },
  'broken-checksum-mismatch.mender': {},
  'broken-unsupported-version.mender': {},
  'broken-bad-signature.mender': { key: GEN_KEY },
  'real-rootfs-image-minimal.mender': { deviceFails: COMPRESSED },
  'real-rootfs-image-v2-500k-dump.mender': { deviceFails: COMPRESSED },
  'real-rootfs-image-signed-ecdsa-nitro.mender': {
    deviceFails: COMPRESSED,
    serverByRead:
      "Debian's mender-artifact 3.9 cannot verify DER ECDSA signatures ('invalid ecdsa " +
      "key size: 70'); newer releases can, so signature aside it is judged by `read`",
  },
};

const CONCURRENT_TOOL_RUNS = 4;

function cuts(bytes: Uint8Array, sample: boolean): Variant[] {
  const blocks = Math.ceil(bytes.length / 512);
  const picked = [...Array(blocks).keys()].filter(
    (block) => !sample || block < 24 || block >= blocks - 24 || block % 61 === 0,
  );
  return picked.map((block) => ({
    label: `cut at ${block * 512}`,
    bytes: bytes.subarray(0, block * 512),
  }));
}

function flips(bytes: Uint8Array): Variant[] {
  const variants: Variant[] = [];
  const flipAt = (position: number, label: string, headerOf?: string) => {
    const copy = bytes.slice();
    copy[position] = (copy[position] as number) ^ 0x01;
    variants.push({
      label,
      bytes: copy,
      ...(headerOf === undefined ? {} : { headerOf }),
    });
  };
  for (const member of outerMembers(bytes)) {
    flipAt(member.header, `flip ${member.name} tar header`, member.name);
    if (member.size === 0) continue;
    const middle = member.data + Math.floor(member.size / 2);
    const last = member.data + member.size - 1;
    flipAt(member.data, `flip ${member.name} first byte`);
    flipAt(middle, `flip ${member.name} middle byte @${middle}`);
    flipAt(last, `flip ${member.name} last byte @${last}`);
  }
  return variants;
}

/**
 * Runs every variant through the tool and both reader modes, and returns
 * the disagreements (an empty list is a pass).
 */
async function disagreements(
  variants: readonly Variant[],
  setup: Setup,
  dir: string,
): Promise<string[]> {
  const key =
    setup.key === undefined ? undefined : join(fixturesDir as string, setup.key);
  const keyText = setup.key === undefined ? undefined : fixtureText(setup.key);
  const found = await mapLimit(variants, CONCURRENT_TOOL_RUNS, async (variant, index) => {
    const path = join(dir, `variant-${index}.mender`);
    writeFileSync(path, variant.bytes);
    const validate = await runTool(
      key ? ['validate', '-k', key, path] : ['validate', path],
    );
    // `read` checks everything but the signature: the referee for modes that skip it.
    const read =
      key || setup.serverByRead
        ? await runTool(['read', '--no-progress', path])
        : validate;

    const serverOptions = keyText && !setup.serverByRead ? { publicKey: keyText } : {};
    const server = await readInChunks(variant.bytes, {
      mode: 'server',
      ...serverOptions,
    });
    const device = await readInChunks(variant.bytes, { mode: 'device' });

    const serverExpected = setup.serverByRead ? read.ok : validate.ok;
    // mender-mcu never checks tar header checksums and skips manifest.sig unread.
    const skipsSignature = variant.headerOf === 'manifest.sig';
    const deviceExpected = setup.deviceFails ? false : skipsSignature || read.ok;

    const problems: string[] = [];
    const say = (ok: boolean) => (ok ? 'a result' : 'an error');
    const detail = (outcome: Awaited<ReturnType<typeof readInChunks>>) =>
      outcome.ok ? '' : ` (${outcome.error.code}: ${outcome.error.message})`;
    if (server.ok !== serverExpected) {
      problems.push(
        `${variant.label}: server mode gives ${say(server.ok)}${detail(server)}, ` +
          `the tool ${say(serverExpected)}: ${validate.output.trim().split('\n').pop()}`,
      );
    }
    if (device.ok !== deviceExpected) {
      problems.push(
        `${variant.label}: device mode gives ${say(device.ok)}${detail(device)}, expected ` +
          `${say(deviceExpected)}${setup.deviceFails ? ` because ${setup.deviceFails}` : ''}`,
      );
    }
    return problems;
  });
  return found.flat();
}

describe.skipIf(!toolAvailable || fixturesDir === undefined)(
  'damaged artifacts, judged by mender-artifact validate',
  () => {
    const dir = tempDir();
    afterAll(() => dir.remove());

    it.each(Object.entries(SETUPS))(
      'agrees on every cut and flip of %s',
      async (name, setup) => {
        const bytes = fixture(name);
        const variants = [...cuts(bytes, false), ...flips(bytes)];
        expect(await disagreements(variants, setup, dir.path)).toEqual([]);
      },
    );

    it('agrees on sampled cuts and every flip of a 1 MiB artifact', async () => {
      const payload = join(dir.path, 'big.bin');
      writeFileSync(
        payload,
        Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 31 + (i >> 9)) % 256),
      );
      const artifact = join(dir.path, 'big.mender');
      const written = await runTool([
        'write',
        'module-image',
        '-T',
        'zephyr-image',
        '-t',
        'esp32',
        '-n',
        'big-1.0',
        '-f',
        payload,
        '--compression',
        'none',
        '-o',
        artifact,
      ]);
      expect(written.ok, written.output).toBe(true);
      const { readFileSync } = await import('node:fs');
      const bytes = new Uint8Array(readFileSync(artifact));
      const variants = [...cuts(bytes, true), ...flips(bytes)];
      expect(await disagreements(variants, {}, dir.path)).toEqual([]);
    }, 120_000);
  },
);

it.runIf(!toolAvailable && toolRequired)('has mender-artifact installed in CI', () => {
  expect.fail(`${toolSkipReason} CI is set, so the referee must run: install it first.`);
});

it.skipIf(toolAvailable && fixturesDir !== undefined)(
  `skips the damaged-artifact tests: ${toolSkipReason ?? '../shared/fixtures/artifacts is absent'}`,
  () => undefined,
);
