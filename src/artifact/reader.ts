/**
 * The streaming Mender Artifact reader. Bytes go in through `push` in chunks
 * of any size; the outer tar is read block by block, small metadata files are
 * buffered, inner archives are read as they stream, and payload files reach
 * the sink in blocks of at most 512 bytes without the payload being kept.
 *
 * Checks happen where mender-mcu makes them: `version` right after the
 * manifest, the header archive before the first payload byte, and in device
 * mode each payload file only after the whole download (`end`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { compressionOf } from './decompress.ts';
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import { HeaderArchive } from './headerArchive.ts';
import { ChecksumStore, compressionRefused } from './manifest.ts';
import {
  BufferedMember,
  InnerArchive,
  SKIP_MEMBER,
  type MemberHandler,
} from './members.ts';
import { parseVersion } from './metadata.ts';
import { checksumMismatch, PayloadArchive } from './payloadArchive.ts';
import { assembleHeader, assembleInfo } from './readerResult.ts';
import {
  decodeSignature,
  parsePublicKey,
  verifyEcdsaSignature,
  verifySignatureAsync,
  type ArtifactPublicKey,
} from './signature.ts';
import { TAR_BLOCK, TarParser, type TarEntry, type TarEvents } from './tarParser.ts';
import type {
  ArtifactHeader,
  ArtifactInfo,
  ArtifactMode,
  ArtifactSignature,
  Compression,
  PayloadBlock,
} from './types.ts';

/** The default limit for each buffered metadata file: 1 MiB. */
export const DEFAULT_MAX_METADATA_BYTES = 1024 * 1024;

export interface ArtifactReaderOptions {
  /** `device` behaves like mender-mcu; `server` like `mender-artifact read`. */
  readonly mode: ArtifactMode;
  /** Receives payload content in blocks of at most 512 bytes (copy to keep). */
  readonly onPayloadBlock?: (block: PayloadBlock) => void;
  /** Called once `header.tar` is read and verified, before any payload byte; throw to refuse. */
  readonly onHeader?: (header: ArtifactHeader) => void;
  /** Device mode: whether an update module is registered for a payload type. */
  readonly acceptPayloadType?: (type: string) => boolean;
  /** Server mode: verify `manifest.sig` with this key (PEM, DER or parsed). */
  readonly publicKey?: ArtifactPublicKey | string | Uint8Array;
  /**
   * The largest metadata file (version, manifest, header-info, type-info,
   * meta-data, …) that is buffered whole.
   * @default 1048576
   */
  readonly maxMetadataBytes?: number;
}

type Phase = 'version' | 'manifest' | 'before-header' | 'after-header' | 'ended';

type QueuedEvent =
  | { readonly kind: 'entry'; readonly entry: TarEntry }
  | { readonly kind: 'data'; readonly bytes: Uint8Array }
  | { readonly kind: 'entryEnd'; readonly entry: TarEntry }
  | { readonly kind: 'end' };

interface PayloadState {
  readonly archive: PayloadArchive;
  readonly compression: Compression;
}

const DATA_MEMBER = /^data\/(\d+)\.tar(.*)$/;

/** Reads one artifact from a stream of chunks; see the module comment. */
export class ArtifactReader {
  readonly mode: ArtifactMode;
  private readonly options: ArtifactReaderOptions;
  private readonly publicKey: ArtifactPublicKey | undefined;
  private readonly maxMetadataBytes: number;
  private readonly outer: TarParser;
  private readonly checksums = new ChecksumStore();
  private phase: Phase = 'version';
  private member: MemberHandler = SKIP_MEMBER;
  private status: 'open' | 'failed' | 'closed' = 'open';
  private failure: ArtifactError | undefined;

  private formatVersion: number | undefined;
  private versionBytes: Uint8Array | undefined;
  private manifestBytes: Uint8Array | undefined;
  private sawAugment = false;
  private sawAugmentHeader = false;
  private signature: ArtifactSignature = { signed: false, verified: false };
  private pendingRsa: Uint8Array | undefined;
  private headerValue: ArtifactHeader | undefined;
  private readonly payloads = new Map<number, PayloadState>();

  /** Outer events held back while an xz member waits for `endAsync`. */
  private queue: QueuedEvent[] | undefined;
  private pendingXz: (() => Promise<void>) | undefined;

  constructor(options: ArtifactReaderOptions) {
    this.options = options;
    this.mode = options.mode;
    this.maxMetadataBytes = options.maxMetadataBytes ?? DEFAULT_MAX_METADATA_BYTES;
    const key = options.publicKey;
    const wantsKey = key !== undefined && options.mode === 'server';
    this.publicKey =
      wantsKey && (typeof key === 'string' || key instanceof Uint8Array)
        ? parsePublicKey(key)
        : wantsKey
          ? (key as ArtifactPublicKey)
          : undefined;
    this.outer = new TarParser(this.outerEvents(), {
      verifyChecksums: options.mode === 'server',
      requireUstarMagic: options.mode === 'device',
      locate: (offset, entry) => ({ member: entry ?? '', offset }),
      maxRecordBytes: this.maxMetadataBytes,
    });
  }

  /** Bytes pushed so far. */
  get bytesRead(): number {
    return this.outer.offset;
  }

  /** The format version, once `version` has been read. */
  get version(): number | undefined {
    return this.formatVersion;
  }

  /** The header, once `header.tar` is read and verified (before any payload byte). */
  get header(): ArtifactHeader | undefined {
    return this.headerValue;
  }

  /** Feeds the next bytes of the artifact; throws `ArtifactError` on bad input. */
  push(chunk: Uint8Array): void {
    this.guard(() => this.outer.push(chunk));
  }

  /**
   * The input is complete: runs the final checks and describes the artifact.
   * Throws `compression-needs-async` for xz and `signature-needs-async` for
   * RSA signatures; call `endAsync` for those.
   */
  end(): ArtifactInfo {
    this.assertOpen();
    if (this.pendingXz !== undefined) {
      throw new ArtifactError(
        'compression-needs-async',
        'This artifact is xz-compressed, and xz is decoded asynchronously. ' +
          'Call endAsync() (or readArtifactAsync) instead of end().',
        { member: 'header.tar.xz', offset: 0 },
      );
    }
    if (this.pendingRsa !== undefined) throw this.rsaNeedsAsync();
    return this.guard(() => {
      this.outer.finish();
      this.status = 'closed';
      return this.info();
    });
  }

  /** Like `end`, and also decodes xz members and verifies RSA signatures. */
  async endAsync(): Promise<ArtifactInfo> {
    this.assertOpen();
    try {
      await this.verifyRsa();
      this.outer.finish();
      while (this.pendingXz !== undefined) {
        const task = this.pendingXz;
        this.pendingXz = undefined;
        await task();
        this.replayQueue();
      }
      this.status = 'closed';
      return this.info();
    } catch (error) {
      throw this.fail(error);
    }
  }

  private info(): ArtifactInfo {
    if (this.phase !== 'ended' || this.headerValue === undefined) {
      throw new ArtifactError(
        'internal',
        'The reader ended without a complete artifact.',
        {
          member: '',
          offset: this.bytesRead,
        },
      );
    }
    this.finalChecks();
    return assembleInfo(this.headerValue, this.signature, this.payloads, this.bytesRead);
  }

  // ---- outer members ------------------------------------------------------

  private outerEvents(): TarEvents {
    const live = (event: QueuedEvent, handle: () => void) => {
      if (this.queue !== undefined) this.queue.push(event);
      else handle();
    };
    return {
      entry: (entry) => live({ kind: 'entry', entry }, () => this.onEntry(entry)),
      data: (bytes) => {
        if (this.queue !== undefined)
          this.queue.push({ kind: 'data', bytes: bytes.slice() });
        else this.member.push(bytes);
      },
      entryEnd: (entry) => live({ kind: 'entryEnd', entry }, () => this.onEntryEnd()),
      end: () => live({ kind: 'end' }, () => this.onArchiveEnd()),
    };
  }

  private replayQueue(): void {
    const queue = this.queue ?? [];
    this.queue = undefined;
    for (let i = 0; i < queue.length; i += 1) {
      if (this.pendingXz !== undefined) {
        this.queue = [...(this.queue ?? []), ...queue.slice(i)];
        return;
      }
      const event = queue[i] as QueuedEvent;
      if (event.kind === 'entry') this.onEntry(event.entry);
      else if (event.kind === 'data') this.member.push(event.bytes);
      else if (event.kind === 'entryEnd') this.onEntryEnd();
      else this.onArchiveEnd();
    }
  }

  private onEntry(entry: TarEntry): void {
    const location = { member: entry.name, offset: entry.offset };
    const name = entry.name;
    switch (this.phase) {
      case 'version':
        if (name !== 'version')
          throw outOfPlace(entry, 'version must be the first member');
        this.member = this.buffered(entry, (bytes) => {
          this.formatVersion = parseVersion(bytes, location);
          this.versionBytes = bytes;
          this.phase = 'manifest';
        });
        return;
      case 'manifest':
        if (name !== 'manifest') throw outOfPlace(entry, 'manifest must follow version');
        this.member = this.buffered(entry, (bytes) => {
          this.onManifest(bytes, location);
          this.phase = 'before-header';
        });
        return;
      case 'before-header':
        this.member = this.beforeHeader(entry, location);
        return;
      case 'after-header':
        this.member = this.afterHeader(entry);
        return;
      case 'ended':
        return;
    }
  }

  private onEntryEnd(): void {
    const member = this.member;
    this.member = SKIP_MEMBER;
    member.end();
  }

  private beforeHeader(entry: TarEntry, location: ArtifactErrorLocation): MemberHandler {
    const { name } = entry;
    const server = this.mode === 'server';
    if (name === 'manifest.sig' && !this.signature.signed && !this.sawAugment) {
      this.signature = { signed: true, verified: false };
      if (!server) return SKIP_MEMBER;
      return this.buffered(entry, (bytes) => this.onSignature(bytes, location));
    }
    if (name === 'manifest-augment' && !this.sawAugment) {
      this.sawAugment = true;
      if (!server) return SKIP_MEMBER;
      return this.buffered(entry, (bytes) => {
        this.checksums.addLines(bytes, this.mode, location);
      });
    }
    if (name.startsWith('header.tar')) return this.startHeader(entry);
    // mender-mcu steps over members it does not know.
    if (!server) return SKIP_MEMBER;
    throw outOfPlace(entry, 'expected manifest.sig, manifest-augment or header.tar here');
  }

  private afterHeader(entry: TarEntry): MemberHandler {
    const { name } = entry;
    if (DATA_MEMBER.test(name)) return this.startData(entry);
    if (this.mode === 'device') return SKIP_MEMBER;
    const augmentAllowed =
      this.sawAugment && !this.sawAugmentHeader && this.payloads.size === 0;
    if (name.startsWith('header-augment.tar') && augmentAllowed) {
      this.sawAugmentHeader = true;
      return this.startAugmentHeader(entry);
    }
    throw outOfPlace(entry, 'only data/NNNN.tar members may follow the header');
  }

  private onManifest(bytes: Uint8Array, location: ArtifactErrorLocation): void {
    this.manifestBytes = bytes;
    this.checksums.addLines(bytes, this.mode, location);
    // Both readers check `version` as soon as the manifest is known.
    const actual = sha256Hex(this.versionBytes ?? new Uint8Array(0));
    this.checkStored('version', actual, { member: 'version', offset: 0 });
  }

  private onSignature(bytes: Uint8Array, location: ArtifactErrorLocation): void {
    const key = this.publicKey;
    if (key === undefined) return;
    const signature = decodeSignature(bytes);
    if (signature === undefined)
      throw badSignature('manifest.sig is not base64', location);
    if (key.algorithm === 'rsa') {
      this.pendingRsa = signature;
      return;
    }
    this.signature = verifyEcdsaSignature(
      key,
      this.manifestBytes ?? new Uint8Array(),
      signature,
    );
    if (!this.signature.verified) {
      throw badSignature('the signature does not match the manifest and key', location);
    }
  }

  private async verifyRsa(): Promise<void> {
    const signature = this.pendingRsa;
    const key = this.publicKey;
    if (signature === undefined || key === undefined) return;
    this.pendingRsa = undefined;
    const manifest = this.manifestBytes ?? new Uint8Array();
    this.signature = await verifySignatureAsync(key, manifest, signature);
    if (!this.signature.verified) {
      throw badSignature('the RSA signature does not match the manifest and key', {
        member: 'manifest.sig',
        offset: 0,
      });
    }
  }

  // ---- header -------------------------------------------------------------

  private startHeader(entry: TarEntry): MemberHandler {
    const location = { member: entry.name, offset: entry.offset };
    const compression = compressionOf(entry.name, 'header.tar');
    if (compression === undefined) {
      throw outOfPlace(entry, 'header.tar may only end in .gz, .xz or .zst');
    }
    if (this.mode === 'device' && compression !== 'none') {
      throw compressionRefused(entry.name, location);
    }
    if (this.mode === 'server') {
      this.requireListed(entry.name, location);
      if (this.publicKey !== undefined && !this.signature.signed) {
        throw new ArtifactError(
          'signature-missing',
          'A verification key was given, but the artifact is not signed (no manifest.sig). ' +
            'Sign it with `mender-artifact sign`, or read it without a key.',
          location,
        );
      }
    }
    const archive = new HeaderArchive({
      mode: this.mode,
      maxMetadataBytes: this.maxMetadataBytes,
      acceptPayloadType: this.options.acceptPayloadType,
      locate: this.innerLocator(entry, compression),
    });
    const inner = this.innerArchive(entry, compression, archive, true);
    return {
      push: (bytes) => inner.push(bytes),
      end: () => {
        inner.end();
        this.phase = 'after-header';
        this.checkStored(entry.name, inner.storedSha256 ?? '', location);
        const finish = () => {
          inner.rethrowHeld();
          this.onHeaderRead(archive, compression, location);
        };
        if (!inner.needsAsync) return finish();
        this.deferUntilDecoded(async () => {
          await inner.decodeAsync();
          finish();
        });
      },
    };
  }

  private onHeaderRead(
    archive: HeaderArchive,
    compression: Compression,
    location: ArtifactErrorLocation,
  ): void {
    const header = assembleHeader({
      formatVersion: this.formatVersion ?? 0,
      contents: archive.contents(),
      compression,
      signature: this.signature,
      manifest: this.checksums,
      mode: this.mode,
      location,
    });
    this.headerValue = header;
    try {
      this.options.onHeader?.(header);
    } catch (error) {
      if (error instanceof ArtifactError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ArtifactError('header-rejected', `The artifact was refused: ${reason}`, {
        ...location,
        cause: error,
      });
    }
  }

  /** header-augment.tar: checksummed and framed, its content not interpreted. */
  private startAugmentHeader(entry: TarEntry): MemberHandler {
    const location = { member: entry.name, offset: entry.offset };
    const compression = compressionOf(entry.name, 'header-augment.tar') ?? 'none';
    this.requireListed(entry.name, location);
    const ignore: TarEvents = { entry() {}, data() {}, entryEnd() {}, end() {} };
    const inner = this.innerArchive(entry, compression, ignore, true);
    return {
      push: (bytes) => inner.push(bytes),
      end: () => {
        inner.end();
        this.checkStored(entry.name, inner.storedSha256 ?? '', location);
        if (inner.needsAsync) this.deferUntilDecoded(() => inner.decodeAsync());
        else inner.rethrowHeld();
      },
    };
  }

  // ---- data ---------------------------------------------------------------

  private startData(entry: TarEntry): MemberHandler {
    const location = { member: entry.name, offset: entry.offset };
    const match = DATA_MEMBER.exec(entry.name) as RegExpExecArray;
    const index = Number(match[1]);
    const compression = compressionOf(`.tar${match[2] ?? ''}`, '.tar');
    if (this.mode === 'device' && compression !== 'none') {
      throw compressionRefused(entry.name, location);
    }
    if (compression === undefined) {
      throw new ArtifactError(
        'compression-unsupported',
        `${entry.name} uses a compression mender-artifact does not write (only .gz, .xz ` +
          'and .zst). Rebuild the artifact with mender-artifact.',
        location,
      );
    }
    const header = this.headerValue as ArtifactHeader;
    const payload = header.payloads[index];
    if (payload === undefined || this.payloads.has(index)) {
      throw outOfPlace(
        entry,
        payload === undefined
          ? `header-info lists ${header.payloads.length} payload(s), so ${entry.name} has none`
          : `${entry.name} appears twice`,
      );
    }
    const archive = new PayloadArchive({
      mode: this.mode,
      payloadIndex: index,
      payloadType: payload.type,
      checksums: this.checksums,
      onBlock: this.options.onPayloadBlock,
      locate: this.innerLocator(entry, compression),
    });
    this.payloads.set(index, { archive, compression });
    const inner = this.innerArchive(entry, compression, archive, false);
    return {
      push: (bytes) => inner.push(bytes),
      end: () => {
        inner.end();
        if (inner.needsAsync) this.deferUntilDecoded(() => inner.decodeAsync());
      },
    };
  }

  private onArchiveEnd(): void {
    if (this.phase !== 'after-header') {
      throw new ArtifactError(
        'truncated',
        'The artifact ends before its header archive was read: it lacks required members ' +
          '(version, manifest, header.tar). The file is cut short or not an artifact.',
        { member: '', offset: this.bytesRead },
      );
    }
    this.phase = 'ended';
  }

  /** The checks mender-mcu makes once the download is complete. */
  private finalChecks(): void {
    const location = { member: '', offset: this.bytesRead };
    for (const state of this.payloads.values()) {
      for (const check of state.archive.deferredChecks) {
        this.checkStored(check.path, check.actual, check.location);
      }
    }
    const missing = this.checksums.unseen();
    if (missing.length > 0) {
      throw new ArtifactError(
        'file-missing',
        `The manifest lists ${missing.join(', ')}, but the artifact does not contain ` +
          'it. The artifact is incomplete: build or download it again.',
        {
          ...location,
          clientMessage: `Computed checksum for file '${missing[0]}' does not match manifest`,
        },
      );
    }
  }

  // ---- helpers ------------------------------------------------------------

  private buffered(
    entry: TarEntry,
    onComplete: (bytes: Uint8Array) => void,
  ): MemberHandler {
    if (entry.size > this.maxMetadataBytes) {
      throw new ArtifactError(
        'metadata-too-large',
        `${entry.name} is ${entry.size} bytes, over the ${this.maxMetadataBytes}-byte limit ` +
          'for metadata files. This is not a normal artifact; raise maxMetadataBytes if it is.',
        { member: entry.name, offset: entry.offset },
      );
    }
    return new BufferedMember(entry.size, onComplete);
  }

  private innerArchive(
    entry: TarEntry,
    compression: Compression,
    events: TarEvents,
    isHeader: boolean,
  ): InnerArchive {
    return new InnerArchive({
      mode: this.mode,
      compression,
      events,
      location: { member: entry.name, offset: entry.offset },
      locate: this.innerLocator(entry, compression),
      hashStored: isHeader,
      holdErrors: isHeader,
      maxRecordBytes: this.maxMetadataBytes,
    });
  }

  private innerLocator(entry: TarEntry, compression: Compression) {
    const dataOffset = entry.offset + TAR_BLOCK;
    return (innerOffset: number, name?: string): ArtifactErrorLocation => ({
      member: entry.name,
      ...(name === undefined ? {} : { entry: name }),
      // Offsets inside compressed data do not map to the file; point at the member.
      offset: compression === 'none' ? dataOffset + innerOffset : entry.offset,
    });
  }

  private requireListed(path: string, location: ArtifactErrorLocation): void {
    if (this.checksums.has(path)) return;
    throw new ArtifactError(
      'checksum-missing',
      `The manifest has no checksum for ${path}. Rebuild the artifact with mender-artifact.`,
      { ...location, clientMessage: `Integrity check failed for ${path}` },
    );
  }

  /** Compares a member's hash with the manifest and notes it as delivered. */
  private checkStored(
    path: string,
    actual: string,
    location: ArtifactErrorLocation,
  ): void {
    const expected = this.checksums.get(path);
    if (expected === undefined) this.requireListed(path, location);
    this.checksums.markSeen(path);
    if (expected !== actual)
      throw checksumMismatch(path, expected ?? '', actual, location);
  }

  private deferUntilDecoded(task: () => Promise<void>): void {
    this.pendingXz = task;
    this.queue ??= [];
  }

  private rsaNeedsAsync(): ArtifactError {
    return new ArtifactError(
      'signature-needs-async',
      'This artifact is signed with RSA, which is verified with WebCrypto (asynchronous). ' +
        'Call endAsync() (or readArtifactAsync) instead of end().',
      { member: 'manifest.sig', offset: 0 },
    );
  }

  private assertOpen(): void {
    if (this.status === 'failed') throw this.failure as ArtifactError;
    if (this.status === 'closed') {
      throw new ArtifactError(
        'reader-closed',
        'This reader has already finished; create a new ArtifactReader for another artifact.',
        { member: '', offset: this.bytesRead },
      );
    }
  }

  private guard<T>(work: () => T): T {
    this.assertOpen();
    try {
      return work();
    } catch (error) {
      throw this.fail(error);
    }
  }

  private fail(error: unknown): ArtifactError {
    const typed =
      error instanceof ArtifactError
        ? error
        : new ArtifactError(
            'internal',
            `The artifact reader failed unexpectedly: ${String(error)}. This is a bug.`,
            { member: '', offset: this.bytesRead, cause: error },
          );
    this.status = 'failed';
    this.failure = typed;
    return typed;
  }
}

function outOfPlace(entry: TarEntry, reason: string): ArtifactError {
  return new ArtifactError(
    'member-unexpected',
    `The artifact has ${entry.name || 'an unnamed member'} where it should not: ${reason}. ` +
      'Rebuild the artifact with mender-artifact.',
    { member: entry.name, offset: entry.offset },
  );
}

function badSignature(reason: string, location: ArtifactErrorLocation): ArtifactError {
  return new ArtifactError(
    'signature-invalid',
    `The artifact signature is not valid: ${reason}. Either the artifact was altered ` +
      'after signing, or the key is not the one it was signed with.',
    location,
  );
}

function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
