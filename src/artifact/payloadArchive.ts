/**
 * The contents of `data/NNNN.tar`: the payload files, streamed to the sink
 * in blocks of at most 512 bytes and hashed on the way through.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { ArtifactError, asArtifactError, type ArtifactErrorLocation } from './errors.ts';
import type { ChecksumStore } from './manifest.ts';
import { TAR_BLOCK, type TarEntry, type TarEvents } from './tarParser.ts';
import type { ArtifactMode, PayloadBlock, PayloadFile } from './types.ts';

export interface PayloadArchiveOptions {
  readonly mode: ArtifactMode;
  readonly payloadIndex: number;
  readonly payloadType: string | null;
  readonly checksums: ChecksumStore;
  readonly onBlock: ((block: PayloadBlock) => void) | undefined;
  readonly locate: (innerOffset: number, entry?: string) => ArtifactErrorLocation;
}

/** A check mender-mcu makes only after the whole download. */
export interface DeferredCheck {
  readonly path: string;
  readonly actual: string;
  readonly location: ArtifactErrorLocation;
}

/** mender-artifact's rule for payload file names. */
const FILE_NAME = /^[\w\-.,]+$/;

type Hash = ReturnType<typeof sha256.create>;

/** Streams and checks the files of one payload; see the module comment. */
export class PayloadArchive implements TarEvents {
  readonly files: PayloadFile[] = [];
  readonly deferredChecks: DeferredCheck[] = [];
  private hash: Hash | undefined;
  private readonly staging = new Uint8Array(TAR_BLOCK);
  private stagingFill = 0;

  constructor(private readonly options: PayloadArchiveOptions) {}

  entry(entry: TarEntry): void {
    this.hash = undefined;
    const { mode } = this.options;
    const location = this.options.locate(entry.offset, entry.name);
    // mender-mcu reads no type flag: links, folders and PAX records are files to it.
    if (entry.kind !== 'file' && mode === 'server') {
      throw unexpected(`${entry.name} is not a regular file`, location);
    }
    const path = this.manifestPath(entry.name);
    if (mode === 'server') {
      if (this.options.payloadType === null) {
        throw unexpected(
          `payload ${this.options.payloadIndex} is empty (its type is null), so it cannot ` +
            `carry ${entry.name}`,
          location,
        );
      }
      if (!this.options.checksums.has(path)) {
        throw unexpected(
          `${entry.name} is not listed in the manifest as ${path}`,
          location,
        );
      }
      if (!FILE_NAME.test(entry.name)) {
        throw unexpected(
          `${entry.name} has characters other than letters, digits and ".,_-"`,
          location,
        );
      }
    }
    this.hash = sha256.create();
    this.stagingFill = 0;
  }

  data(bytes: Uint8Array, entry: TarEntry, offsetInEntry: number): void {
    if (this.hash === undefined) return;
    this.hash.update(bytes);
    if (this.options.onBlock !== undefined) this.toBlocks(bytes, entry, offsetInEntry);
  }

  entryEnd(entry: TarEntry): void {
    const hash = this.hash;
    this.hash = undefined;
    if (hash === undefined) return;
    const sha256Hex = bytesToHex(hash.digest());
    this.files.push({
      name: entry.name,
      size: entry.size,
      sha256: sha256Hex,
      modified: entry.mtime,
    });
    const path = this.manifestPath(entry.name);
    const { checksums, mode } = this.options;
    checksums.markSeen(path);
    const location = this.options.locate(entry.offset, entry.name);
    if (mode === 'device') {
      // mender-mcu never creates a checksum entry for an empty, unlisted file.
      if (entry.size > 0 || checksums.has(path)) {
        this.deferredChecks.push({ path, actual: sha256Hex, location });
      }
      return;
    }
    const expected = checksums.get(path) as string;
    if (expected !== sha256Hex)
      throw checksumMismatch(path, expected, sha256Hex, location);
  }

  end(): void {}

  private manifestPath(name: string): string {
    return `data/${String(this.options.payloadIndex).padStart(4, '0')}/${name}`;
  }

  /** Cuts content into the 512-byte blocks mender-mcu gives its update modules. */
  private toBlocks(bytes: Uint8Array, entry: TarEntry, offsetInEntry: number): void {
    let at = 0;
    let offset = offsetInEntry;
    while (at < bytes.length) {
      const blockStart = offset - this.stagingFill;
      const blockLength = Math.min(TAR_BLOCK, entry.size - blockStart);
      if (this.stagingFill === 0 && bytes.length - at >= blockLength) {
        this.deliver(entry, blockStart, bytes.subarray(at, at + blockLength));
        at += blockLength;
        offset += blockLength;
        continue;
      }
      const take = Math.min(blockLength - this.stagingFill, bytes.length - at);
      this.staging.set(bytes.subarray(at, at + take), this.stagingFill);
      this.stagingFill += take;
      at += take;
      offset += take;
      if (this.stagingFill === blockLength) {
        this.stagingFill = 0;
        this.deliver(entry, blockStart, this.staging.subarray(0, blockLength));
      }
    }
  }

  private deliver(entry: TarEntry, offset: number, data: Uint8Array): void {
    const { payloadIndex, payloadType } = this.options;
    const block = {
      payloadIndex,
      payloadType,
      fileName: entry.name,
      offset,
      size: entry.size,
      data,
    };
    try {
      this.options.onBlock?.(block);
    } catch (error) {
      throw asArtifactError(
        error,
        'payload-sink-failed',
        (reason) =>
          `The update module failed to take ${entry.name} at offset ${offset}: ${reason}`,
        this.options.locate(entry.offset, entry.name),
      );
    }
  }
}

/** The error for a payload file or member whose bytes do not match the manifest. */
export function checksumMismatch(
  path: string,
  expected: string,
  actual: string,
  location: ArtifactErrorLocation,
): ArtifactError {
  return new ArtifactError(
    'checksum-mismatch',
    `${path} does not match its manifest checksum (expected ${expected}, got ${actual}). ` +
      'The artifact was corrupted or altered: download or build it again.',
    {
      ...location,
      clientMessage: `Computed checksum for file '${path}' does not match manifest`,
    },
  );
}

function unexpected(reason: string, location: ArtifactErrorLocation): ArtifactError {
  return new ArtifactError(
    'file-unexpected',
    `The payload archive holds a file it should not: ${reason}. ` +
      'Rebuild the artifact with mender-artifact.',
    location,
  );
}
