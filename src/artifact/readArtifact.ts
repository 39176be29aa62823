/**
 * One-call reading of an artifact that is already in memory, for uploads
 * and tests. Streaming callers use `ArtifactReader` directly.
 */
import { ArtifactReader, type ArtifactReaderOptions } from './reader.ts';
import type { ArtifactInfo } from './types.ts';

/** How much of the input `readArtifact` pushes at a time. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a whole artifact synchronously. Throws `ArtifactError`, including
 * `compression-needs-async` (xz) and `signature-needs-async` (RSA keys):
 * use `readArtifactAsync` for those.
 */
export function readArtifact(
  bytes: Uint8Array,
  options: ArtifactReaderOptions,
): ArtifactInfo {
  const reader = new ArtifactReader(options);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    reader.push(bytes.subarray(at, at + CHUNK_BYTES));
  }
  return reader.end();
}

/** Reads a whole artifact, including xz members and RSA signatures. */
export async function readArtifactAsync(
  bytes: Uint8Array,
  options: ArtifactReaderOptions,
): Promise<ArtifactInfo> {
  const reader = new ArtifactReader(options);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    reader.push(bytes.subarray(at, at + CHUNK_BYTES));
  }
  return reader.endAsync();
}
