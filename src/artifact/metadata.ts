/**
 * The JSON files of an artifact: `version`, `header-info`, `type-info` and
 * `meta-data`, checked field by field so that an error names the field.
 */
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import type { ArtifactMode } from './types.ts';

export const SUPPORTED_FORMAT_VERSION = 3;

/** `header-info`, normalised: every depends value is a list. */
export interface HeaderInfo {
  readonly payloadTypes: readonly (string | null)[];
  readonly provides: Readonly<Record<string, string>>;
  readonly depends: Readonly<Record<string, readonly string[]>>;
  readonly artifactName: string;
  readonly artifactGroup: string | undefined;
}

export interface TypeInfo {
  readonly type: string | null | undefined;
  readonly provides: Readonly<Record<string, string>>;
  readonly depends: Readonly<Record<string, string | readonly string[]>>;
  readonly clearsProvides: readonly string[];
}

/**
 * Go's encoding/json (mender-artifact) refuses a byte order mark; cJSON
 * (mender-mcu) steps over one. Neither refuses invalid UTF-8: Go turns it
 * into U+FFFD and cJSON keeps the bytes, so neither decoder is fatal.
 */
const jsonDecoders: Readonly<Record<ArtifactMode, TextDecoder>> = {
  server: new TextDecoder('utf-8', { ignoreBOM: true }),
  device: new TextDecoder('utf-8'),
};

/**
 * The keys Go's decoder knows: mender-artifact decodes these objects with
 * unknown fields disallowed. Go also matches keys regardless of case; here
 * they must match exactly, so "Artifact_Name" is refused where Go reads it.
 */
const KNOWN_KEYS = {
  version: ['format', 'version'],
  headerInfo: ['payloads', 'artifact_provides', 'artifact_depends'],
  payload: ['type'],
  provides: ['artifact_name', 'artifact_group'],
} as const;

/** header-info depends that Go decodes as string lists; other keys take any value. */
const LIST_DEPENDS = ['artifact_name', 'device_type', 'artifact_group'];

/** Parses `version` and returns the format version (only 3 is accepted). */
export function parseVersion(
  bytes: Uint8Array,
  mode: ArtifactMode,
  location: ArtifactErrorLocation,
): number {
  const fail = (reason: string, clientMessage: string): never => {
    throw new ArtifactError(
      'version-invalid',
      `The version file is invalid: ${reason}. This is not a Mender Artifact, or it is corrupt.`,
      { ...location, clientMessage },
    );
  };
  const json = parseJson(bytes, mode, () =>
    fail('it is not JSON', 'Invalid version file'),
  );
  if (!isObject(json)) return fail('it is not a JSON object', 'Invalid version file');
  if (mode === 'server') {
    unknownKey(json, KNOWN_KEYS.version, (key) =>
      fail(`it has the unknown field "${key}"`, 'Invalid version file'),
    );
  }
  if (typeof json.format !== 'string')
    return fail('"format" is missing', 'Invalid version file');
  if (json.format !== 'mender') {
    return fail(`"format" is "${json.format}", not "mender"`, 'Invalid version format');
  }
  if (typeof json.version !== 'number') {
    return fail('"version" is not a number', 'Invalid version file');
  }
  if (mode === 'server' && !isIntegerLiteral(bytes, 'version')) {
    // Go decodes it into an int, which refuses 3.0 and 3e0.
    return fail('"version" is not written as an integer', 'Invalid version file');
  }
  if (json.version !== SUPPORTED_FORMAT_VERSION) {
    throw new ArtifactError(
      'version-unsupported',
      `The artifact uses format version ${json.version}; only version 3 is supported. ` +
        'Rebuild it with mender-artifact 3.x.',
      { ...location, clientMessage: 'Invalid version value' },
    );
  }
  return json.version;
}

/**
 * Parses `header-info`. Both modes need `payloads` and an artifact name;
 * server mode also needs device types (the server matches deployments on
 * them), device mode refuses payloads without a type as mender-mcu does.
 */
export function parseHeaderInfo(
  bytes: Uint8Array,
  mode: ArtifactMode,
  location: ArtifactErrorLocation,
): HeaderInfo {
  const fail = (reason: string): never => {
    throw new ArtifactError(
      'header-info-invalid',
      `header-info is invalid: ${reason}. Rebuild the artifact with mender-artifact.`,
      { ...location, clientMessage: 'Invalid header-info file' },
    );
  };
  const json = parseJson(bytes, mode, () => fail('it is not JSON'));
  if (!isObject(json)) return fail('it is not a JSON object');
  if (mode === 'server') checkHeaderInfoKeys(json, fail);
  if (!Array.isArray(json.payloads)) return fail('"payloads" is not a list');
  if (json.payloads.length === 0) return fail('"payloads" is empty');

  const payloadTypes = json.payloads.map((payload, index) => {
    if (!isObject(payload)) return fail(`payload ${index} is not an object`);
    const type = payload.type;
    // mender-artifact: "Unexpected empty Payload type".
    if (type === '' && mode === 'server')
      return fail(`payload ${index} has an empty type`);
    if (typeof type === 'string') return type;
    // mender-mcu takes only string types, so empty (bootstrap) payloads fail there.
    if (type === null && mode === 'server') return null;
    return fail(`payload ${index} has no type`);
  });

  const provides = stringRecord(json.artifact_provides, 'artifact_provides', fail);
  const depends = listRecord(json.artifact_depends, 'artifact_depends', fail);
  const artifactName = provides.artifact_name;
  if (artifactName === undefined || artifactName === '') {
    return fail('"artifact_provides.artifact_name" is missing');
  }
  if (mode === 'server' && (depends.device_type ?? []).length === 0) {
    return fail('"artifact_depends.device_type" lists no device type');
  }
  return {
    payloadTypes,
    provides,
    depends,
    artifactName,
    artifactGroup: provides.artifact_group,
  };
}

/** Parses `headers/NNNN/type-info`. */
export function parseTypeInfo(
  bytes: Uint8Array,
  mode: ArtifactMode,
  location: ArtifactErrorLocation,
): TypeInfo {
  const fail = (reason: string): never => {
    throw new ArtifactError(
      'type-info-invalid',
      `type-info is invalid: ${reason}. Rebuild the artifact with mender-artifact.`,
      location,
    );
  };
  const json = parseJson(bytes, mode, () => fail('it is not JSON'));
  if (!isObject(json)) return fail('it is not a JSON object');
  const type = json.type;
  if (type !== undefined && type !== null && typeof type !== 'string') {
    return fail('"type" is not a string');
  }
  const clears = json.clears_artifact_provides ?? [];
  if (!Array.isArray(clears) || !clears.every((item) => typeof item === 'string')) {
    return fail('"clears_artifact_provides" is not a list of strings');
  }
  return {
    type,
    provides: stringRecord(json.artifact_provides, 'artifact_provides', fail),
    depends: dependsRecord(json.artifact_depends, fail),
    clearsProvides: clears,
  };
}

/** Parses `headers/NNNN/meta-data`: empty, or a JSON object. */
export function parseMetaData(
  bytes: Uint8Array,
  mode: ArtifactMode,
  location: ArtifactErrorLocation,
): Record<string, unknown> | undefined {
  if (bytes.length === 0) return undefined;
  const fail = (reason: string): never => {
    throw new ArtifactError(
      'meta-data-invalid',
      `meta-data is invalid: ${reason}. It must be a JSON object; fix the file given to ` +
        '`mender-artifact write --meta-data` and rebuild.',
      location,
    );
  };
  const json = parseJson(bytes, mode, () => fail('it is not JSON'));
  return isObject(json) ? json : fail('it is not a JSON object');
}

function parseJson(bytes: Uint8Array, mode: ArtifactMode, onError: () => never): unknown {
  try {
    return JSON.parse(jsonDecoders[mode].decode(bytes));
  } catch {
    return onError();
  }
}

/** Whether the last value of `key` in the JSON text is written as an integer. */
function isIntegerLiteral(bytes: Uint8Array, key: string): boolean {
  const text = jsonDecoders.server.decode(bytes);
  const values = [...text.matchAll(new RegExp(`"${key}"\\s*:\\s*(-?[\\d.eE+-]+)`, 'g'))];
  const last = values[values.length - 1]?.[1];
  return last === undefined || /^-?\d+$/.test(last);
}

/** Go's struct decoding: no unknown keys, and known depends keys hold string lists. */
function checkHeaderInfoKeys(
  json: Record<string, unknown>,
  fail: (reason: string) => never,
): void {
  const refuse = (field: string) => (key: string) =>
    fail(`${field} has the unknown field "${key}"`);
  unknownKey(json, KNOWN_KEYS.headerInfo, refuse('it'));
  if (Array.isArray(json.payloads)) {
    json.payloads.forEach((payload, index) => {
      if (isObject(payload))
        unknownKey(payload, KNOWN_KEYS.payload, refuse(`payload ${index}`));
    });
  }
  if (isObject(json.artifact_provides)) {
    unknownKey(
      json.artifact_provides,
      KNOWN_KEYS.provides,
      refuse('"artifact_provides"'),
    );
  }
  const depends = json.artifact_depends;
  if (!isObject(depends)) return;
  for (const key of LIST_DEPENDS) {
    const value = depends[key];
    if (value !== undefined && value !== null && !isStringList(value)) {
      fail(`"artifact_depends.${key}" is not a list of strings`);
    }
  }
}

function unknownKey(
  json: Record<string, unknown>,
  known: readonly string[],
  onUnknown: (key: string) => never,
): void {
  const key = Object.keys(json).find((item) => !known.includes(item));
  if (key !== undefined) onUnknown(key);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(
  value: unknown,
  field: string,
  fail: (reason: string) => never,
): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return fail(`"${field}" is not an object`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') return fail(`"${field}.${key}" is not a string`);
  }
  return value as Record<string, string>;
}

/** header-info depends: mender-mcu takes a string or a list of strings per key. */
function listRecord(
  value: unknown,
  field: string,
  fail: (reason: string) => never,
): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return fail(`"${field}" is not an object`);
  const result: Record<string, string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') result[key] = [item];
    else if (isStringList(item)) result[key] = item;
    else return fail(`"${field}.${key}" is not a list of strings`);
  }
  return result;
}

function dependsRecord(
  value: unknown,
  fail: (reason: string) => never,
): Record<string, string | string[]> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return fail('"artifact_depends" is not an object');
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string' && !isStringList(item)) {
      return fail(`"artifact_depends.${key}" is neither a string nor a list of strings`);
    }
  }
  return value as Record<string, string | string[]>;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
