/**
 * Builds an uncompressed version-3 Mender Artifact with one payload, laid
 * out as `mender-artifact write module-image --compression none` lays it out
 * (the form mender-mcu installs). Deterministic: the same spec gives the
 * same bytes. A payload file name over 100 bytes gets a PAX header, as
 * mender-artifact writes it; mender-mcu reads that header as a file of its
 * own and fails the integrity check, so such artifacts install only on
 * Linux clients.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { ArtifactSpecError } from './errors.ts';
import { writeTar, type TarFile } from './tarWriter.ts';

/** What goes into an artifact written by `writeArtifact`. */
export interface ArtifactSpec {
  /** `artifact_provides.artifact_name` (`-n`). */
  readonly artifactName: string;
  /** `artifact_provides.artifact_group` (`-g`). */
  readonly artifactGroup?: string;
  /** The update module type (`-T`), such as `zephyr-image`; null for an empty payload. */
  readonly payloadType: string | null;
  /** Compatible device types (`-t`, one or more). */
  readonly deviceTypes: readonly string[];
  /** Artifact names the device must run (`-N`). */
  readonly dependsOnArtifacts?: readonly string[];
  /** Groups the device's current artifact must belong to (`-G`). */
  readonly dependsOnGroups?: readonly string[];
  /** Payload provides (`-p key:value`). */
  readonly provides?: Readonly<Record<string, string>>;
  /** Payload depends (`-d key:value`). */
  readonly depends?: Readonly<Record<string, string | readonly string[]>>;
  /** Provides the device drops on install (`--clears-provides`). */
  readonly clearsProvides?: readonly string[];
  /** The update module's meta-data object (`-m file.json`). */
  readonly metaData?: Readonly<Record<string, unknown>>;
  /** The payload files (`-f`), in order. */
  readonly files: readonly { readonly name: string; readonly data: Uint8Array }[];
  /**
   * Add mender-artifact's defaults for module images: provide
   * `rootfs-image.<type>.version` = artifact name and clear `rootfs-image.<type>.*`.
   * @default true
   */
  readonly softwareVersionDefaults?: boolean;
  /** Modification time written in the inner archives, seconds since 1970. @default 0 */
  readonly modified?: number;
}

const textEncoder = new TextEncoder();
const FILE_NAME = /^[\w\-.,]+$/;
/** Payload files come from a file system, where names have at most 255 bytes. */
const MAX_FILE_NAME = 255;
/** The largest mtime the 11 octal digits of a ustar header hold. */
const MAX_MODIFIED = 8 ** 11 - 1;
const VERSION_JSON = '{"format":"mender","version":3}';

/** The bytes of an uncompressed v3 artifact; throws `ArtifactSpecError` on a bad spec. */
export function writeArtifact(spec: ArtifactSpec): Uint8Array {
  checkSpec(spec);
  const mtime = spec.modified ?? 0;
  const version = textEncoder.encode(VERSION_JSON);
  const headerTar = writeTar(headerFiles(spec, mtime));
  const dataTar = writeTar(
    spec.files.map((file) => ({ name: file.name, data: file.data, mode: 0o644, mtime })),
  );

  const sums = new Map<string, string>([
    ['header.tar', hex(headerTar)],
    ['version', hex(version)],
  ]);
  for (const file of spec.files) sums.set(`data/0000/${file.name}`, hex(file.data));
  const manifest = [...sums.keys()]
    .sort()
    .map((path) => `${sums.get(path)}  ${path}\n`)
    .join('');

  return writeTar([
    { name: 'version', data: version },
    { name: 'manifest', data: textEncoder.encode(manifest) },
    { name: 'header.tar', data: headerTar, mtime },
    { name: 'data/0000.tar', data: dataTar, mtime },
  ]);
}

function headerFiles(spec: ArtifactSpec, mtime: number): TarFile[] {
  const type = spec.payloadType;
  const headerInfo = {
    payloads: [{ type }],
    artifact_provides: {
      artifact_name: spec.artifactName,
      ...(spec.artifactGroup === undefined ? {} : { artifact_group: spec.artifactGroup }),
    },
    artifact_depends: {
      ...(spec.dependsOnArtifacts?.length
        ? { artifact_name: spec.dependsOnArtifacts }
        : {}),
      device_type: spec.deviceTypes,
      ...(spec.dependsOnGroups?.length ? { artifact_group: spec.dependsOnGroups } : {}),
    },
  };
  const files: TarFile[] = [
    { name: 'header-info', data: json(headerInfo), mtime },
    { name: 'headers/0000/type-info', data: json(typeInfo(spec)), mtime },
  ];
  if (spec.metaData !== undefined) {
    files.push({ name: 'headers/0000/meta-data', data: json(spec.metaData), mtime });
  }
  return files;
}

function typeInfo(spec: ArtifactSpec): Record<string, unknown> {
  const type = spec.payloadType;
  const provides: Record<string, string> = { ...spec.provides };
  const clears = [...(spec.clearsProvides ?? [])];
  if (type !== null && spec.softwareVersionDefaults !== false) {
    provides[`rootfs-image.${type}.version`] ??= spec.artifactName;
    const pattern = `rootfs-image.${type}.*`;
    if (!clears.includes(pattern)) clears.push(pattern);
  }
  const result: Record<string, unknown> = { type };
  if (spec.depends !== undefined && Object.keys(spec.depends).length > 0) {
    result.artifact_depends = sortKeys(spec.depends);
  }
  if (Object.keys(provides).length > 0) result.artifact_provides = sortKeys(provides);
  if (clears.length > 0) result.clears_artifact_provides = clears;
  return result;
}

function checkSpec(spec: ArtifactSpec): void {
  const fail = (field: string, message: string): never => {
    throw new ArtifactSpecError(field, message);
  };
  if (spec.artifactName.trim() === '') fail('artifactName', 'The artifact needs a name.');
  if (spec.deviceTypes.length === 0 || spec.deviceTypes.some((type) => type === '')) {
    fail('deviceTypes', 'List at least one device type, and no empty ones.');
  }
  if (spec.payloadType === '') {
    fail('payloadType', 'Give a payload type such as "zephyr-image", or null for none.');
  }
  if (spec.payloadType === null && spec.files.length > 0) {
    fail('files', 'An artifact without a payload type cannot carry files.');
  }
  const seen = new Set<string>();
  spec.files.forEach((file, index) => {
    const field = `files[${index}].name`;
    if (!FILE_NAME.test(file.name) || file.name.length > MAX_FILE_NAME) {
      fail(
        field,
        `"${file.name}" must be 1-${MAX_FILE_NAME} letters, digits or ".,_-" (no folders).`,
      );
    }
    if (seen.has(file.name)) fail(field, `"${file.name}" appears twice.`);
    seen.add(file.name);
  });
  const { modified } = spec;
  if (
    modified !== undefined &&
    !(Number.isInteger(modified) && modified >= 0 && modified <= MAX_MODIFIED)
  ) {
    fail('modified', `The time must be whole seconds from 0 to ${MAX_MODIFIED}.`);
  }
  const metaData = spec.metaData;
  if (
    metaData !== undefined &&
    (typeof metaData !== 'object' || Array.isArray(metaData))
  ) {
    fail('metaData', 'meta-data must be a JSON object.');
  }
}

function json(value: unknown): Uint8Array {
  return textEncoder.encode(JSON.stringify(value));
}

function sortKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
