/**
 * Mender Artifact v3: a streaming reader (device and server modes) and a
 * writer of uncompressed artifacts. See reference/mender-artifact-format.md.
 */
export {
  ArtifactReader,
  DEFAULT_MAX_METADATA_BYTES,
  type ArtifactReaderOptions,
} from './reader.ts';
export { readArtifact, readArtifactAsync } from './readArtifact.ts';
export {
  ArtifactError,
  type ArtifactErrorCode,
  type ArtifactErrorLocation,
} from './errors.ts';
export { parsePublicKey, type ArtifactPublicKey } from './signature.ts';
export type {
  ArtifactHeader,
  ArtifactInfo,
  ArtifactMode,
  ArtifactPayload,
  ArtifactSignature,
  Compression,
  PayloadBlock,
  PayloadFile,
  PayloadHeader,
} from './types.ts';
export { writeArtifact, type ArtifactSpec } from './writer.ts';
export { ArtifactSpecError } from './errors.ts';
