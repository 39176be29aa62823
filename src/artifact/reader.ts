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
import { ArtifactError } from './errors.ts';
import { MemberSequence } from './memberSequence.ts';
import { parsePublicKey, type ArtifactPublicKey } from './signature.ts';
import { TarParser, type TarEntry, type TarEvents } from './tarParser.ts';
import type {
  ArtifactHeader,
  ArtifactInfo,
  ArtifactMode,
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

type QueuedEvent =
  | { readonly kind: 'entry'; readonly entry: TarEntry }
  | {
      readonly kind: 'data';
      readonly bytes: Uint8Array;
      readonly entry: TarEntry;
      readonly offset: number;
    }
  | { readonly kind: 'entryEnd'; readonly entry: TarEntry }
  | { readonly kind: 'end' };

/** Reads one artifact from a stream of chunks; see the module comment. */
export class ArtifactReader {
  readonly mode: ArtifactMode;
  private readonly outer: TarParser;
  private readonly sequence: MemberSequence;
  /** `ending` while `endAsync` awaits; no more input is taken then. */
  private status: 'open' | 'ending' | 'failed' | 'closed' = 'open';
  /** Inside `push` or `end`: the callbacks run then, and must not call back in. */
  private busy = false;
  private failure: ArtifactError | undefined;
  /** Outer events held back while an xz member waits for `endAsync`. */
  private queue: QueuedEvent[] | undefined;
  private pendingXz: (() => Promise<void>) | undefined;

  constructor(options: ArtifactReaderOptions) {
    this.mode = options.mode;
    const maxMetadataBytes = options.maxMetadataBytes ?? DEFAULT_MAX_METADATA_BYTES;
    this.sequence = new MemberSequence({
      mode: options.mode,
      maxMetadataBytes,
      publicKey: options.mode === 'server' ? keyFrom(options.publicKey) : undefined,
      onPayloadBlock: options.onPayloadBlock,
      onHeader: options.onHeader,
      acceptPayloadType: options.acceptPayloadType,
      defer: (task) => {
        this.pendingXz = task;
        this.queue ??= [];
      },
      position: () => this.bytesRead,
    });
    this.outer = new TarParser(this.queueingEvents(this.sequence.events), {
      dialect: options.mode === 'server' ? 'go' : 'mcu',
      outermost: true,
      locate: (offset, entry) => ({ member: entry ?? '', offset }),
      maxRecordBytes: maxMetadataBytes,
    });
  }

  /** Bytes pushed so far. */
  get bytesRead(): number {
    return this.outer.offset;
  }

  /** The format version, once `version` has been read. */
  get version(): number | undefined {
    return this.sequence.version;
  }

  /** The header, once `header.tar` is read and verified (before any payload byte). */
  get header(): ArtifactHeader | undefined {
    return this.sequence.header;
  }

  /** Feeds the next bytes of the artifact; throws `ArtifactError` on bad input. */
  push(chunk: Uint8Array): void {
    this.assertOpen();
    this.guard(() => this.outer.push(chunk));
  }

  /**
   * The input is complete: runs the final checks and describes the artifact.
   * Throws `compression-needs-async` for xz and `signature-needs-async` for
   * RSA signatures, and stays open so that `endAsync` can be called instead.
   */
  end(): ArtifactInfo {
    this.assertOpen();
    if (this.pendingXz !== undefined) {
      throw new ArtifactError(
        'compression-needs-async',
        'This artifact is xz-compressed, and xz is decoded asynchronously. ' +
          'Call endAsync() (or readArtifactAsync) instead of end().',
        { member: 'header.tar.xz', offset: this.bytesRead },
      );
    }
    if (this.sequence.signatureNeedsAsync) throw this.sequence.signatureNeedsAsyncError();
    return this.guard(() => {
      this.outer.finish();
      const info = this.sequence.complete(this.bytesRead);
      this.status = 'closed';
      return info;
    });
  }

  /** Like `end`, and also decodes xz members and verifies RSA signatures. */
  async endAsync(): Promise<ArtifactInfo> {
    this.assertOpen();
    this.status = 'ending';
    try {
      await this.sequence.verifySignatureAsync();
      this.outer.finish();
      while (this.pendingXz !== undefined) {
        const task = this.pendingXz;
        this.pendingXz = undefined;
        await task();
        this.replayQueue();
      }
      const info = this.sequence.complete(this.bytesRead);
      this.status = 'closed';
      return info;
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Passes events on, or queues them (with copied bytes) while xz decoding is pending. */
  private queueingEvents(target: TarEvents): TarEvents {
    return {
      entry: (entry) => this.deliver({ kind: 'entry', entry }, () => target.entry(entry)),
      data: (bytes, entry, offset) => {
        if (this.queue === undefined) target.data(bytes, entry, offset);
        else this.queue.push({ kind: 'data', bytes: bytes.slice(), entry, offset });
      },
      entryEnd: (entry) =>
        this.deliver({ kind: 'entryEnd', entry }, () => target.entryEnd(entry)),
      end: () => this.deliver({ kind: 'end' }, () => target.end()),
    };
  }

  private deliver(event: QueuedEvent, handle: () => void): void {
    if (this.queue === undefined) handle();
    else this.queue.push(event);
  }

  /** Replays held-back events until they run out or another xz member must wait. */
  private replayQueue(): void {
    const queue = this.queue ?? [];
    this.queue = undefined;
    const events = this.sequence.events;
    for (let i = 0; i < queue.length; i += 1) {
      if (this.pendingXz !== undefined) {
        this.queue = [...(this.queue ?? []), ...queue.slice(i)];
        return;
      }
      const event = queue[i] as QueuedEvent;
      if (event.kind === 'entry') events.entry(event.entry);
      else if (event.kind === 'data') events.data(event.bytes, event.entry, event.offset);
      else if (event.kind === 'entryEnd') events.entryEnd(event.entry);
      else events.end();
    }
  }

  private assertOpen(): void {
    if (this.busy) {
      throw new ArtifactError(
        'reader-busy',
        'push() or end() was called from inside one of this reader’s callbacks. ' +
          'Queue the call and make it after the callback returns.',
        { member: '', offset: this.bytesRead },
      );
    }
    if (this.status === 'failed') throw this.failure as ArtifactError;
    if (this.status === 'ending') {
      throw new ArtifactError(
        'reader-closed',
        'endAsync() is already running on this reader; await it instead of calling again.',
        { member: '', offset: this.bytesRead },
      );
    }
    if (this.status === 'closed') {
      throw new ArtifactError(
        'reader-closed',
        'This reader has already finished; create a new ArtifactReader for another artifact.',
        { member: '', offset: this.bytesRead },
      );
    }
  }

  private guard<T>(work: () => T): T {
    this.busy = true;
    try {
      return work();
    } catch (error) {
      throw this.fail(error);
    } finally {
      this.busy = false;
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

function keyFrom(
  key: ArtifactPublicKey | string | Uint8Array | undefined,
): ArtifactPublicKey | undefined {
  if (key === undefined) return undefined;
  return typeof key === 'string' || key instanceof Uint8Array ? parsePublicKey(key) : key;
}
