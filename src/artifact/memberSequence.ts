/**
 * The members of an artifact, in the order the format prescribes: `version`,
 * `manifest`, optional `manifest.sig` and `manifest-augment`, the header
 * archive, then `data/NNNN.tar*`. Decides what each member is, checks it
 * against the manifest, and remembers what the artifact says.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { compressionOf } from './decompress.ts';
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import { HeaderArchive } from './headerArchive.ts';
import { ChecksumStore, compressionRefused } from './manifest.ts';
import { ManifestSignature } from './manifestSignature.ts';
import {
  bufferedMember,
  InnerArchive,
  innerLocator,
  SKIP_MEMBER,
  type MemberHandler,
} from './members.ts';
import { parseVersion } from './metadata.ts';
import { checksumMismatch, PayloadArchive } from './payloadArchive.ts';
import { assembleHeader, assembleInfo, type PayloadResult } from './readerResult.ts';
import type { ArtifactPublicKey } from './signature.ts';
import type { TarEntry, TarEvents } from './tarParser.ts';
import type {
  ArtifactHeader,
  ArtifactInfo,
  ArtifactMode,
  Compression,
  PayloadBlock,
} from './types.ts';

export interface MemberSequenceOptions {
  readonly mode: ArtifactMode;
  readonly maxMetadataBytes: number;
  /** The key to verify `manifest.sig` with; undefined to leave it unchecked. */
  readonly publicKey: ArtifactPublicKey | undefined;
  readonly onPayloadBlock: ((block: PayloadBlock) => void) | undefined;
  readonly onHeader: ((header: ArtifactHeader) => void) | undefined;
  readonly acceptPayloadType: ((type: string) => boolean) | undefined;
  /** Holds back later members until `task` (xz decoding) has run. */
  readonly defer: (task: () => Promise<void>) => void;
  /** Bytes of the artifact read so far, for errors about its end. */
  readonly position: () => number;
}

type Phase = 'version' | 'manifest' | 'before-header' | 'after-header' | 'ended';

const DATA_MEMBER = /^data\/(\d+)\.tar(.*)$/;

/** Follows the outer members of one artifact; see the module comment. */
export class MemberSequence {
  private readonly mode: ArtifactMode;
  private readonly checksums = new ChecksumStore();
  private readonly signature: ManifestSignature;
  private readonly payloads = new Map<
    number,
    PayloadResult & { archive: PayloadArchive }
  >();
  private phase: Phase = 'version';
  private member: MemberHandler = SKIP_MEMBER;
  private formatVersion: number | undefined;
  private versionBytes: Uint8Array = new Uint8Array(0);
  private manifestBytes: Uint8Array = new Uint8Array(0);
  private sawAugment = false;
  private sawAugmentHeader = false;
  private headerValue: ArtifactHeader | undefined;

  constructor(private readonly options: MemberSequenceOptions) {
    this.mode = options.mode;
    this.signature = new ManifestSignature(options.publicKey);
  }

  get version(): number | undefined {
    return this.formatVersion;
  }

  get header(): ArtifactHeader | undefined {
    return this.headerValue;
  }

  /** An RSA signature waits for `verifySignatureAsync`. */
  get signatureNeedsAsync(): boolean {
    return this.signature.needsAsync;
  }

  signatureNeedsAsyncError(): ArtifactError {
    return this.signature.needsAsyncError();
  }

  verifySignatureAsync(): Promise<void> {
    return this.signature.verifyAsync();
  }

  /** The outer tar's events, as this sequence handles them. */
  readonly events: TarEvents = {
    entry: (entry) => {
      this.member = this.handlerFor(entry);
    },
    data: (bytes) => this.member.push(bytes),
    entryEnd: () => {
      const member = this.member;
      this.member = SKIP_MEMBER;
      member.end();
    },
    end: () => {
      if (this.phase !== 'after-header') {
        throw new ArtifactError(
          'truncated',
          'The artifact ends before its header archive was read: it lacks required ' +
            'members (version, manifest, header.tar). The file is cut short or not an artifact.',
          { member: '', offset: this.options.position() },
        );
      }
      this.phase = 'ended';
    },
  };

  /** Runs the checks mender-mcu makes once the download is complete, and describes the artifact. */
  complete(size: number): ArtifactInfo {
    const header = this.headerValue;
    if (this.phase !== 'ended' || header === undefined) {
      throw new ArtifactError(
        'internal',
        'The reader ended without a complete artifact.',
        {
          member: '',
          offset: size,
        },
      );
    }
    for (const { archive } of this.payloads.values()) {
      for (const check of archive.deferredChecks) {
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
          member: '',
          offset: size,
          clientMessage: `Computed checksum for file '${missing[0]}' does not match manifest`,
        },
      );
    }
    return assembleInfo(header, this.signature.current, this.payloads, size);
  }

  private handlerFor(entry: TarEntry): MemberHandler {
    const location = { member: entry.name, offset: entry.offset };
    switch (this.phase) {
      case 'version':
        if (entry.name !== 'version')
          throw outOfPlace(entry, 'version must be the first member');
        return this.buffered(entry, (bytes) => {
          this.formatVersion = parseVersion(bytes, this.mode, location);
          this.versionBytes = bytes;
          this.phase = 'manifest';
        });
      case 'manifest':
        if (entry.name !== 'manifest')
          throw outOfPlace(entry, 'manifest must follow version');
        return this.buffered(entry, (bytes) => {
          this.manifestBytes = bytes;
          this.checksums.addLines(bytes, this.mode, location);
          // Both readers check `version` as soon as the manifest is known.
          const version = { member: 'version', offset: 0 };
          this.checkStored('version', sha256Hex(this.versionBytes), version);
          this.phase = 'before-header';
        });
      case 'before-header':
        return this.beforeHeader(entry, location);
      case 'after-header':
        return this.afterHeader(entry);
      case 'ended':
        return SKIP_MEMBER;
    }
  }

  private beforeHeader(entry: TarEntry, location: ArtifactErrorLocation): MemberHandler {
    const { name } = entry;
    const server = this.mode === 'server';
    if (name === 'manifest.sig' && !this.signature.current.signed && !this.sawAugment) {
      this.signature.markSigned();
      // mender-mcu skips the signature unread.
      if (!server) return SKIP_MEMBER;
      return this.buffered(entry, (bytes) =>
        this.signature.check(bytes, this.manifestBytes, location),
      );
    }
    if (name === 'manifest-augment' && !this.sawAugment) {
      this.sawAugment = true;
      if (!server) return SKIP_MEMBER;
      return this.buffered(entry, (bytes) =>
        this.checksums.addLines(bytes, this.mode, location),
      );
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
      this.signature.requireSignedIfKeyed(location);
    }
    const archive = new HeaderArchive({
      mode: this.mode,
      maxMetadataBytes: this.options.maxMetadataBytes,
      acceptPayloadType: this.options.acceptPayloadType,
      locate: innerLocator(entry, compression),
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
        this.options.defer(async () => {
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
      signature: this.signature.current,
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
        if (inner.needsAsync) this.options.defer(() => inner.decodeAsync());
        else inner.rethrowHeld();
      },
    };
  }

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
      locate: innerLocator(entry, compression),
    });
    this.payloads.set(index, { archive, compression });
    const inner = this.innerArchive(entry, compression, archive, false);
    return {
      push: (bytes) => inner.push(bytes),
      end: () => {
        inner.end();
        if (inner.needsAsync) this.options.defer(() => inner.decodeAsync());
      },
    };
  }

  private buffered(
    entry: TarEntry,
    onComplete: (bytes: Uint8Array) => void,
  ): MemberHandler {
    return bufferedMember(entry, this.options.maxMetadataBytes, onComplete);
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
      locate: innerLocator(entry, compression),
      // The manifest lists header archives as stored, payload files as contained.
      hashStored: isHeader,
      holdErrors: isHeader,
      maxRecordBytes: this.options.maxMetadataBytes,
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
}

function outOfPlace(entry: TarEntry, reason: string): ArtifactError {
  return new ArtifactError(
    'member-unexpected',
    `The artifact has ${entry.name || 'an unnamed member'} where it should not: ${reason}. ` +
      'Rebuild the artifact with mender-artifact.',
    { member: entry.name, offset: entry.offset },
  );
}

function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
