/**
 * Test support: builds artifacts member by member, so that tests can make
 * the malformed ones the writer refuses to make.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { writeTar, type TarFile } from '../tarWriter.ts';

const encoder = new TextEncoder();

export const VERSION_3 = encoder.encode('{"format":"mender","version":3}');

export function text(value: string): Uint8Array {
  return encoder.encode(value);
}

export function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/** A manifest listing the given paths and contents, in the order given. */
export function manifestOf(entries: Record<string, Uint8Array>): Uint8Array {
  return text(
    Object.entries(entries)
      .map(([path, bytes]) => `${sha256Hex(bytes)}  ${path}\n`)
      .join(''),
  );
}

export interface CraftOptions {
  readonly version?: Uint8Array;
  readonly headerInfo?: unknown;
  readonly typeInfo?: unknown;
  readonly metaData?: Uint8Array;
  /** Replaces the whole header archive's entries. */
  readonly headerEntries?: TarFile[];
  readonly files?: TarFile[];
  /** Name and transform of the header member (for compression tests). */
  readonly headerName?: string;
  readonly encodeHeader?: (tar: Uint8Array) => Uint8Array;
  readonly dataName?: string;
  readonly encodeData?: (tar: Uint8Array) => Uint8Array;
  /** Members inserted after the manifest, such as manifest.sig. */
  readonly afterManifest?: TarFile[];
  /** Builds the manifest from what it should list (to tamper with it). */
  readonly manifest?: (listed: Record<string, Uint8Array>) => Uint8Array;
}

/** A zephyr-image artifact for device type esp32, with every part replaceable. */
export function craftArtifact(options: CraftOptions = {}): Uint8Array {
  const files = options.files ?? [
    { name: 'zephyr.signed.bin', data: payloadBytes(3000) },
  ];
  const headerEntries = options.headerEntries ?? [
    {
      name: 'header-info',
      data: json(
        options.headerInfo ?? {
          payloads: [{ type: 'zephyr-image' }],
          artifact_provides: { artifact_name: 'crafted-1' },
          artifact_depends: { device_type: ['esp32'] },
        },
      ),
    },
    {
      name: 'headers/0000/type-info',
      data: json(options.typeInfo ?? { type: 'zephyr-image' }),
    },
    ...(options.metaData
      ? [{ name: 'headers/0000/meta-data', data: options.metaData }]
      : []),
  ];
  const headerName = options.headerName ?? 'header.tar';
  const header = (options.encodeHeader ?? ((tar) => tar))(writeTar(headerEntries));
  const dataName = options.dataName ?? 'data/0000.tar';
  const data = (options.encodeData ?? ((tar) => tar))(writeTar(files));
  const version = options.version ?? VERSION_3;

  const listed: Record<string, Uint8Array> = {};
  for (const file of files) listed[`data/0000/${file.name}`] = file.data;
  listed[headerName] = header;
  listed.version = version;
  const manifest = (options.manifest ?? manifestOf)(listed);

  return writeTar([
    { name: 'version', data: version },
    { name: 'manifest', data: manifest },
    ...(options.afterManifest ?? []),
    { name: headerName, data: header },
    { name: dataName, data },
  ]);
}

/** Deterministic payload bytes. */
export function payloadBytes(length: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + (i >> 8)) % 256);
}
