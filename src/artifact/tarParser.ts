/**
 * A streaming tar reader: takes bytes in chunks of any size and reports
 * entries and their content without holding more than one 512-byte block.
 * Mender Artifacts are tars of tars, so the artifact reader runs one of
 * these for the outer file and one for each inner archive.
 */
import { ByteCollector } from './byteCollector.ts';
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import {
  applyPaxRecords,
  isHeaderOnly,
  parseNumericField,
  parsePaxRecords,
  type PaxOverride,
  type TarDialect,
} from './tarFields.ts';

export const TAR_BLOCK = 512;

/** One entry of a tar archive, as its header (and any PAX record) says. */
export interface TarEntry {
  /** Path inside the archive, with the ustar prefix or PAX path applied. */
  readonly name: string;
  readonly size: number;
  readonly kind: 'file' | 'directory' | 'other';
  /** Modification time in seconds since 1970. */
  readonly mtime: number;
  /** Offset of the entry's header block in this tar stream. */
  readonly offset: number;
}

/** What a `TarParser` reports, in stream order. */
export interface TarEvents {
  entry(entry: TarEntry): void;
  /** A run of content bytes; a view, valid only during the call. */
  data(bytes: Uint8Array, entry: TarEntry, offsetInEntry: number): void;
  entryEnd(entry: TarEntry): void;
  /** The end-of-archive marker, or a clean end of input between entries. */
  end(): void;
}

export interface TarParserOptions {
  /**
   * `go` reads like Go's archive/tar (mender-artifact): checksums verified,
   * every numeric field checked, no content for link, device, directory and
   * fifo entries, PAX records validated, a global PAX header reported as an
   * entry. `mcu` reads like mender-mcu: the ustar magic is required, only
   * the name and size field matter, and PAX or GNU records are plain entries.
   */
  readonly dialect: TarDialect;
  /**
   * This tar is the artifact file itself, so a bad first block means the
   * file is not a tar at all (rather than a damaged inner archive).
   */
  readonly outermost: boolean;
  /** Names the archive and maps a stream offset to an artifact location. */
  readonly locate: (streamOffset: number, entry?: string) => ArtifactErrorLocation;
  /** The largest PAX or GNU long-name record buffered whole. */
  readonly maxRecordBytes: number;
}

type State = 'header' | 'content' | 'padding' | 'second-zero' | 'ended';

/**
 * How a record entry affects the next entry; link names change nothing we
 * use. Go hands a global PAX header (`g`) to its caller as an entry.
 * mender-mcu knows no type flags at all: PAX and GNU records are entries
 * like any other to it, named `PaxHeaders.0/...` or `././@LongLink`.
 */
type RecordUse = 'pax' | 'longname' | 'ignore';
const RECORD_TYPES: Readonly<Record<TarDialect, Readonly<Record<string, RecordUse>>>> = {
  go: { x: 'pax', L: 'longname', K: 'ignore' },
  mcu: {},
};

const textDecoder = new TextDecoder();

/** Reads a tar stream pushed in arbitrary chunks; see the module comment. */
export class TarParser {
  private state: State = 'header';
  private readonly block = new Uint8Array(TAR_BLOCK);
  private blockFill = 0;
  private position = 0;
  private current: TarEntry | undefined;
  private remaining = 0;
  private paddingLeft = 0;
  private blockStart = 0;
  /** A PAX or GNU long-name record whose content is being gathered. */
  private record: { use: RecordUse; bytes: ByteCollector } | undefined;
  /** What PAX and GNU records say about the next entry; Go's GNU long name beats a PAX path. */
  private override: PaxOverride & { longName?: string } = {};

  constructor(
    private readonly events: TarEvents,
    private readonly options: TarParserOptions,
  ) {}

  /** Bytes consumed so far. */
  get offset(): number {
    return this.position;
  }

  /** True once the end-of-archive marker has been read. */
  get ended(): boolean {
    return this.state === 'ended';
  }

  /** True when the stream stands between two entries (a clean place to stop). */
  get atEntryBoundary(): boolean {
    return (this.state === 'header' && this.blockFill === 0) || this.state === 'ended';
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.state !== 'ended') {
      at = this.step(chunk, at);
    }
    // Go's tar reader stops at the end marker; whatever follows is never read.
    this.position += chunk.length - at;
  }

  /** The input has ended; a clean end between entries counts as the archive's end. */
  finish(): void {
    if (this.state === 'ended') return;
    if (this.state === 'second-zero' || this.atEntryBoundary) {
      this.state = 'ended';
      this.events.end();
      return;
    }
    const name = this.current?.name;
    const where = name === undefined ? 'a tar header' : `the entry ${name}`;
    throw new ArtifactError(
      'truncated',
      `The data ends in the middle of ${where}. The file was cut short: download or copy it again.`,
      this.options.locate(this.position, name),
    );
  }

  private step(chunk: Uint8Array, at: number): number {
    switch (this.state) {
      case 'content':
        return this.readContent(chunk, at);
      case 'padding': {
        const skip = Math.min(this.paddingLeft, chunk.length - at);
        this.paddingLeft -= skip;
        this.position += skip;
        if (this.paddingLeft === 0) this.state = 'header';
        return at + skip;
      }
      default:
        return this.readBlock(chunk, at);
    }
  }

  private readContent(chunk: Uint8Array, at: number): number {
    const entry = this.current as TarEntry;
    const take = Math.min(this.remaining, chunk.length - at);
    const offsetInEntry = entry.size - this.remaining;
    this.remaining -= take;
    this.position += take;
    if (this.record !== undefined) {
      this.record.bytes.add(chunk.subarray(at, at + take));
    } else {
      this.events.data(chunk.subarray(at, at + take), entry, offsetInEntry);
    }
    if (this.remaining === 0) this.closeEntry();
    return at + take;
  }

  /** Gathers one header block, from the chunk directly when it holds a whole one. */
  private readBlock(chunk: Uint8Array, at: number): number {
    if (this.blockFill === 0) this.blockStart = this.position;
    if (this.blockFill === 0 && chunk.length - at >= TAR_BLOCK) {
      this.position += TAR_BLOCK;
      this.onBlock(chunk.subarray(at, at + TAR_BLOCK));
      return at + TAR_BLOCK;
    }
    const take = Math.min(TAR_BLOCK - this.blockFill, chunk.length - at);
    this.block.set(chunk.subarray(at, at + take), this.blockFill);
    this.blockFill += take;
    this.position += take;
    if (this.blockFill === TAR_BLOCK) {
      this.blockFill = 0;
      this.onBlock(this.block);
    }
    return at + take;
  }

  private onBlock(block: Uint8Array): void {
    const isZero = isZeroBlock(block);
    if (this.state === 'second-zero') {
      if (!isZero) {
        this.fail(
          'a zero block (the end-of-archive marker) is followed by data',
          this.blockStart,
        );
      }
      this.state = 'ended';
      this.events.end();
      return;
    }
    if (isZero) {
      this.state = 'second-zero';
      return;
    }
    this.startEntry(block);
  }

  private startEntry(block: Uint8Array): void {
    const headerOffset = this.blockStart;
    this.checkHeader(block, headerOffset);
    const typeflag = String.fromCharCode(block[156] ?? 0);
    const recordUse = RECORD_TYPES[this.options.dialect][typeflag];
    const go = this.options.dialect === 'go';
    const headerSize = this.parseSize(block, headerOffset);
    const mtime = this.parseMtime(block, headerOffset);
    // Records describe the next real entry and are not changed by earlier records.
    const override = recordUse === undefined ? this.override : {};
    const size = go && isHeaderOnly(typeflag) ? 0 : (override.size ?? headerSize);
    const entry: TarEntry = {
      name: override.longName ?? override.name ?? headerName(block, go),
      size,
      kind: kindOf(typeflag),
      mtime: override.mtime ?? mtime,
      offset: headerOffset,
    };
    this.current = entry;
    this.remaining = size;

    if (recordUse !== undefined) {
      this.beginRecord(recordUse, entry);
    } else {
      this.override = {};
      this.events.entry(entry);
    }
    if (size === 0) this.closeEntry();
    else this.state = 'content';
  }

  /** PAX and GNU records describe the next entry; they are not entries themselves. */
  private beginRecord(use: RecordUse, entry: TarEntry): void {
    if (entry.size > this.options.maxRecordBytes) {
      this.fail(`a ${entry.size}-byte extended header record is too large`, entry.offset);
    }
    this.record = { use, bytes: new ByteCollector() };
  }

  private closeEntry(): void {
    const entry = this.current as TarEntry;
    if (this.record !== undefined) {
      const record = this.record;
      this.record = undefined;
      this.applyRecord(record.use, record.bytes.bytes(), entry.offset);
    } else {
      this.events.entryEnd(entry);
    }
    this.current = undefined;
    this.paddingLeft = (TAR_BLOCK - (entry.size % TAR_BLOCK)) % TAR_BLOCK;
    this.state = this.paddingLeft === 0 ? 'header' : 'padding';
  }

  private applyRecord(use: RecordUse, bytes: Uint8Array, offset: number): void {
    if (use === 'ignore') return;
    if (use === 'longname') {
      this.override.longName = cString(bytes);
      return;
    }
    const records = parsePaxRecords(bytes);
    if (records === undefined)
      this.fail('a PAX extended header record is malformed', offset);
    // Go replaces, not merges, the records of an earlier PAX header.
    const { longName } = this.override;
    this.override = longName === undefined ? {} : { longName };
    const badKey = applyPaxRecords(records, this.override);
    if (badKey !== undefined) {
      this.fail(`the PAX record "${badKey}" is not a valid value`, offset);
    }
  }

  private checkHeader(block: Uint8Array, offset: number): void {
    const magic = textDecoder.decode(block.subarray(257, 262));
    if (this.options.dialect === 'mcu') {
      if (magic !== 'ustar') {
        this.fail(
          'the header lacks the "ustar" magic (mender-mcu logs "Invalid magic")',
          offset,
        );
      }
      return;
    }
    const stored = this.parseField(block, 148, 8, 'checksum', offset);
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < TAR_BLOCK; i += 1) {
      const byte = i >= 148 && i < 156 ? 0x20 : (block[i] as number);
      unsigned += byte;
      signed += byte > 127 ? byte - 256 : byte;
    }
    if (stored !== unsigned && stored !== signed) {
      this.fail('its checksum does not match its bytes', offset);
    }
    // Go refuses a header whose other numeric fields are not numbers.
    this.parseField(block, 100, 8, 'mode', offset);
    this.parseField(block, 108, 8, 'uid', offset);
    this.parseField(block, 116, 8, 'gid', offset);
    if (magic === 'ustar') {
      this.parseField(block, 329, 8, 'devmajor', offset);
      this.parseField(block, 337, 8, 'devminor', offset);
    }
  }

  private parseSize(block: Uint8Array, offset: number): number {
    const size = this.parseField(block, 124, 12, 'size', offset);
    if (!Number.isSafeInteger(size) || size < 0)
      this.fail('its size is out of range', offset);
    return size;
  }

  /** mender-mcu never reads the mtime field, so garbage there only costs Go's reader. */
  private parseMtime(block: Uint8Array, offset: number): number {
    if (this.options.dialect === 'go')
      return this.parseField(block, 136, 12, 'mtime', offset);
    const mtime = parseNumericField(block.subarray(136, 148));
    return mtime === undefined ? 0 : Number(mtime);
  }

  private parseField(
    block: Uint8Array,
    start: number,
    length: number,
    field: string,
    offset: number,
  ): number {
    const bytes = block.subarray(start, start + length);
    const value = parseNumericField(bytes);
    if (value === undefined) {
      const text = printable(textDecoder.decode(bytes));
      this.fail(`its ${field} field "${text}" is not a number`, offset);
    }
    return Number(value);
  }

  private fail(reason: string, offset: number): never {
    const atStart = offset === 0 && this.options.outermost;
    const code = atStart ? 'not-a-tar' : 'tar-header-invalid';
    const message = atStart
      ? `This is not a tar archive: the first block is not a tar header (${reason}). ` +
        'A Mender Artifact is a tar file; check that the right file was chosen.'
      : `The tar header block at this position is damaged: ${reason}. ` +
        'The file is corrupt: build or download it again.';
    throw new ArtifactError(
      code,
      message,
      this.options.locate(offset, this.current?.name),
    );
  }
}

/** The entry name; Go joins the ustar prefix, mender-mcu reads only the name field. */
function headerName(block: Uint8Array, withPrefix: boolean): string {
  const name = cString(block.subarray(0, 100));
  const isUstar = textDecoder.decode(block.subarray(257, 263)) === 'ustar\0';
  const prefix = withPrefix && isUstar ? cString(block.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function kindOf(typeflag: string): TarEntry['kind'] {
  if (typeflag === '0' || typeflag === '\0' || typeflag === '7') return 'file';
  if (typeflag === '5') return 'directory';
  return 'other';
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return textDecoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i += 1) if (block[i] !== 0) return false;
  return true;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 16);
}
