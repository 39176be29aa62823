/**
 * What the reader does with the content of one outer member: buffer it
 * (small metadata files), skip it, or read it as an inner archive that may
 * be compressed and whose stored bytes may be checksummed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { ByteCollector } from './byteCollector.ts';
import { createDecoder, decodeXz, type StreamDecoder } from './decompress.ts';
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import { TAR_BLOCK, TarParser, type TarEntry, type TarEvents } from './tarParser.ts';
import type { ArtifactMode, Compression } from './types.ts';

/** Receives the content of one outer member. */
export interface MemberHandler {
  push(bytes: Uint8Array): void;
  end(): void;
}

/** Ignores a member, as mender-mcu does with files it does not know. */
export const SKIP_MEMBER: MemberHandler = { push: () => undefined, end: () => undefined };

/** A buffer for a small member; refuses members over `maxBytes` before buffering. */
export function bufferedMember(
  entry: TarEntry,
  maxBytes: number,
  onComplete: (bytes: Uint8Array) => void,
): MemberHandler {
  if (entry.size > maxBytes) {
    throw new ArtifactError(
      'metadata-too-large',
      `${entry.name} is ${entry.size} bytes, over the ${maxBytes}-byte limit for metadata ` +
        'files. This is not a normal artifact; raise maxMetadataBytes if it is.',
      { member: entry.name, offset: entry.offset },
    );
  }
  return new BufferedMember(onComplete);
}

/** Maps offsets inside a member's archive to the artifact, as far as they map. */
export function innerLocator(entry: TarEntry, compression: Compression) {
  const dataOffset = entry.offset + TAR_BLOCK;
  return (innerOffset: number, name?: string): ArtifactErrorLocation => ({
    member: entry.name,
    ...(name === undefined ? {} : { entry: name }),
    // Offsets inside compressed data do not map to the file; point at the member.
    offset: compression === 'none' ? dataOffset + innerOffset : entry.offset,
  });
}

/** Gathers a small member whole and hands it over at its end. */
class BufferedMember implements MemberHandler {
  private readonly bytes = new ByteCollector();

  constructor(private readonly onComplete: (bytes: Uint8Array) => void) {}

  push(bytes: Uint8Array): void {
    this.bytes.add(bytes);
  }

  end(): void {
    this.onComplete(this.bytes.bytes());
  }
}

export interface InnerArchiveOptions {
  readonly mode: ArtifactMode;
  readonly compression: Compression;
  readonly events: TarEvents;
  /** Where the member is, for errors that cannot point inside it. */
  readonly location: ArtifactErrorLocation;
  /** Maps an offset in the (decompressed) inner archive to the artifact. */
  readonly locate: (innerOffset: number, entry?: string) => ArtifactErrorLocation;
  /** Hash the member's stored bytes (the manifest lists header archives as stored). */
  readonly hashStored: boolean;
  /**
   * Hold back errors from the content until the stored checksum has been
   * compared, so that a damaged member is reported as a checksum mismatch.
   */
  readonly holdErrors: boolean;
  readonly maxRecordBytes: number;
}

type Hash = ReturnType<typeof sha256.create>;

/** An outer member that is itself a tar, possibly compressed. */
export class InnerArchive implements MemberHandler {
  private readonly tar: TarParser;
  private readonly decoder: StreamDecoder | undefined;
  private readonly xzChunks: Uint8Array[] | undefined;
  private readonly hash: Hash | undefined;
  private heldError: unknown;
  /** What the archive's reader (not the decoder) threw, to tell the two apart. */
  private consumerError: unknown;
  /** SHA-256 of the stored bytes, once the member has ended. */
  storedSha256: string | undefined;

  constructor(private readonly options: InnerArchiveOptions) {
    const { mode, compression } = options;
    this.tar = new TarParser(options.events, {
      dialect: mode === 'server' ? 'go' : 'mcu',
      outermost: false,
      locate: options.locate,
      maxRecordBytes: options.maxRecordBytes,
    });
    if (compression === 'gzip' || compression === 'zstd') {
      this.decoder = createDecoder(compression, (bytes) => {
        try {
          this.tar.push(bytes);
        } catch (error) {
          this.consumerError = error;
          throw error;
        }
      });
    }
    if (compression === 'xz') this.xzChunks = [];
    if (options.hashStored) this.hash = sha256.create();
  }

  /** True while xz bytes wait for `decodeAsync`. */
  get needsAsync(): boolean {
    return this.xzChunks !== undefined;
  }

  push(bytes: Uint8Array): void {
    this.hash?.update(bytes);
    // Go's reader never reads past the inner end marker, so neither do we.
    if (this.heldError !== undefined || this.tar.ended) return;
    if (this.xzChunks !== undefined) {
      this.xzChunks.push(bytes.slice());
      return;
    }
    this.guard(() => (this.decoder ?? this.tar).push(bytes));
  }

  end(): void {
    if (this.hash !== undefined) this.storedSha256 = bytesToHex(this.hash.digest());
    if (this.xzChunks !== undefined) return;
    this.guard(() => {
      if (this.tar.ended) return;
      this.decoder?.finish();
      this.tar.finish();
    });
  }

  /** Decodes buffered xz bytes into the inner archive. */
  async decodeAsync(): Promise<void> {
    const chunks = this.xzChunks ?? [];
    const wantsMore = () => this.heldError === undefined && !this.tar.ended;
    try {
      await decodeXz(
        chunks,
        (bytes) => this.guard(() => this.tar.push(bytes)),
        wantsMore,
      );
    } catch (error) {
      this.guard(() => {
        throw error;
      });
    }
    this.guard(() => {
      if (!this.tar.ended) this.tar.finish();
    });
  }

  /** Throws the error held back from the content, if any. */
  rethrowHeld(): void {
    if (this.heldError !== undefined) throw this.heldError;
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      // Bytes past the inner end marker are never read by mender-artifact.
      if (this.tar.ended && !(error instanceof ArtifactError)) return;
      // Only the decoder's own errors mean the compressed data is bad.
      const fromDecoder =
        this.options.compression !== 'none' && error !== this.consumerError;
      const typed =
        error instanceof ArtifactError || !fromDecoder
          ? error
          : this.decompressionError(error);
      if (!this.options.holdErrors) throw typed;
      this.heldError ??= typed;
    }
  }

  private decompressionError(error: unknown): ArtifactError {
    const reason = error instanceof Error ? error.message : String(error);
    return new ArtifactError(
      'decompression-failed',
      `${this.options.location.member} cannot be decompressed (${this.options.compression}: ` +
        `${reason}). The file is corrupt or cut short: download or build it again.`,
      { ...this.options.location, cause: error },
    );
  }
}
