/**
 * Turns what the reader gathered into the `ArtifactHeader` it reports
 * before the payload and the `ArtifactInfo` it returns at the end.
 */
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import type { HeaderContents } from './headerArchive.ts';
import type { ChecksumStore } from './manifest.ts';
import type {
  ArtifactHeader,
  ArtifactInfo,
  ArtifactMode,
  ArtifactSignature,
  Compression,
  PayloadFile,
} from './types.ts';

export interface HeaderParts {
  readonly formatVersion: number;
  readonly contents: HeaderContents;
  readonly compression: Compression;
  readonly signature: ArtifactSignature;
  readonly manifest: ChecksumStore;
  readonly mode: ArtifactMode;
  readonly location: ArtifactErrorLocation;
}

/** What the reader learned about one payload's data member. */
export interface PayloadResult {
  readonly archive: { readonly files: readonly PayloadFile[] };
  readonly compression: Compression;
}

const MANIFEST_DATA_PATH = /^data\/(\d{4})\/([^/]+)$/;

/** The header as reported to `onHeader`; server mode also checks the manifest's data paths. */
export function assembleHeader(parts: HeaderParts): ArtifactHeader {
  const { contents, manifest } = parts;
  const { info } = contents;
  if (parts.mode === 'server')
    checkDataPaths(manifest, info.payloadTypes.length, parts.location);
  return {
    formatVersion: parts.formatVersion,
    artifactName: info.artifactName,
    artifactGroup: info.artifactGroup,
    payloadTypes: info.payloadTypes,
    deviceTypes: info.depends.device_type ?? [],
    provides: info.provides,
    depends: info.depends,
    payloads: contents.payloads,
    stateScripts: contents.stateScripts,
    headerCompression: parts.compression,
    signature: parts.signature,
    manifest: manifest.toRecord(),
  };
}

/** The final description: the header plus each payload's files. */
export function assembleInfo(
  header: ArtifactHeader,
  signature: ArtifactSignature,
  payloads: ReadonlyMap<number, PayloadResult>,
  size: number,
): ArtifactInfo {
  return {
    ...header,
    signature,
    payloads: header.payloads.map((payload) => {
      const result = payloads.get(payload.index);
      return {
        ...payload,
        files: result?.archive.files ?? [],
        compression: result?.compression,
      };
    }),
    size,
  };
}

/** mender-artifact refuses manifest lines under data/ that name no payload. */
function checkDataPaths(
  manifest: ChecksumStore,
  payloadCount: number,
  location: ArtifactErrorLocation,
): void {
  for (const path of manifest.paths()) {
    if (!path.startsWith('data/')) continue;
    const match = MANIFEST_DATA_PATH.exec(path);
    const index = match === null ? -1 : Number(match[1]);
    if (index >= 0 && index < payloadCount) continue;
    throw new ArtifactError(
      'manifest-invalid',
      match === null
        ? `The manifest line for ${path} is not of the form data/NNNN/<file>.`
        : `The manifest lists ${path}, but header-info has no payload ${index}.`,
      { member: 'manifest', offset: location.offset },
    );
  }
}
