/**
 * Test support: runs the reader over bytes in chunks of a chosen size and
 * reports the result or the typed error as one comparable value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ArtifactError } from '../errors.ts';
import { ArtifactReader, type ArtifactReaderOptions } from '../reader.ts';
import type { ArtifactInfo } from '../types.ts';
import { fixturesDir } from './menderArtifactCli.ts';

export type Outcome =
  | { readonly ok: true; readonly info: ArtifactInfo }
  | { readonly ok: false; readonly error: ArtifactError };

/** Reads `bytes` pushed `chunkSize` at a time; anything but an ArtifactError is rethrown. */
export async function readInChunks(
  bytes: Uint8Array,
  options: ArtifactReaderOptions,
  chunkSize = bytes.length || 1,
): Promise<Outcome> {
  const reader = new ArtifactReader(options);
  try {
    for (let at = 0; at < bytes.length; at += chunkSize) {
      reader.push(bytes.subarray(at, at + chunkSize));
    }
    return { ok: true, info: await reader.endAsync() };
  } catch (error) {
    if (error instanceof ArtifactError) return { ok: false, error };
    throw error;
  }
}

/** The error's code, or 'ok'. */
export function codeOf(outcome: Outcome): string {
  return outcome.ok ? 'ok' : outcome.error.code;
}

/** A fixture's bytes; only call when `fixturesDir` is defined. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesDir as string, name)));
}

/** A fixture's text (public keys). */
export function fixtureText(name: string): string {
  return readFileSync(join(fixturesDir as string, name), 'utf8');
}

/** Where each outer member's content lies, read from the tar headers. */
export function outerMembers(
  bytes: Uint8Array,
): { name: string; header: number; data: number; size: number }[] {
  const members = [];
  const decoder = new TextDecoder();
  let at = 0;
  while (at + 512 <= bytes.length && bytes.subarray(at, at + 512).some((b) => b !== 0)) {
    const name = decoder.decode(bytes.subarray(at, at + 100)).replace(/\0.*$/s, '');
    const size = parseInt(decoder.decode(bytes.subarray(at + 124, at + 136)).trim(), 8);
    members.push({ name, header: at, data: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}
