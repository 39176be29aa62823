/**
 * Writes ustar archives the way Go's archive/tar (and so mender-artifact)
 * does: 512-byte headers with zero-padded octal fields, content padded to
 * whole blocks, and two zero blocks at the end.
 */
import { TAR_BLOCK } from './tarParser.ts';

/** One file to put in an archive. */
export interface TarFile {
  readonly name: string;
  readonly data: Uint8Array;
  /** Permission bits. @default 0o600 */
  readonly mode?: number;
  /** Modification time in seconds since 1970. @default 0 */
  readonly mtime?: number;
  /** The type flag. @default '0' (a regular file) */
  readonly typeflag?: '0' | 'x';
}

const NAME_BYTES = 100;

const textEncoder = new TextEncoder();

/** The bytes of a tar archive holding `files` in order. */
export function writeTar(files: readonly TarFile[]): Uint8Array {
  const entries = files.flatMap(withLongNameRecord);
  const size = entries.reduce(
    (total, file) => total + TAR_BLOCK + padded(file.data.length),
    0,
  );
  const archive = new Uint8Array(size + 2 * TAR_BLOCK);
  let at = 0;
  for (const file of entries) {
    archive.set(tarHeader(file), at);
    archive.set(file.data, at + TAR_BLOCK);
    at += TAR_BLOCK + padded(file.data.length);
  }
  return archive;
}

/**
 * A name over 100 bytes goes into a PAX `path` record before the entry, as
 * Go's archive/tar writes it; both headers carry the name cut to 100 bytes.
 */
function withLongNameRecord(file: TarFile): TarFile[] {
  const name = textEncoder.encode(file.name);
  if (name.length <= NAME_BYTES) return [file];
  const record = paxRecord('path', file.name);
  return [
    {
      name: cut(textEncoder.encode(`PaxHeaders.0/${file.name}`)),
      data: record,
      mode: 0,
      typeflag: 'x',
    },
    { ...file, name: cut(name) },
  ];
}

/** `<length> <key>=<value>\n`, where the length counts the whole record in bytes. */
function paxRecord(key: string, value: string): Uint8Array {
  const body = textEncoder.encode(` ${key}=${value}\n`);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length += 1;
  return textEncoder.encode(`${length} ${key}=${value}\n`);
}

/** The first 100 bytes of a name, as text (the names written here are ASCII). */
function cut(name: Uint8Array): string {
  return new TextDecoder().decode(name.subarray(0, NAME_BYTES));
}

/** One ustar header block. Names must fit the 100-byte name field. */
export function tarHeader(file: TarFile): Uint8Array {
  const block = new Uint8Array(TAR_BLOCK);
  const name = textEncoder.encode(file.name);
  if (name.length > NAME_BYTES)
    throw new Error(`the name ${file.name} is longer than 100 bytes`);
  block.set(name, 0);
  writeOctal(block, 100, 8, file.mode ?? 0o600);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, file.data.length);
  writeOctal(block, 136, 12, file.mtime ?? 0);
  block[156] = (file.typeflag ?? '0').charCodeAt(0);
  block.set(textEncoder.encode('ustar\x0000'), 257);
  writeOctal(block, 329, 8, 0);
  writeOctal(block, 337, 8, 0);

  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  // The checksum field is six octal digits, a NUL and a space.
  block.set(textEncoder.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return block;
}

function writeOctal(
  block: Uint8Array,
  start: number,
  length: number,
  value: number,
): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new Error(`${value} does not fit a tar field`);
  block.set(textEncoder.encode(`${digits}\0`), start);
}

function padded(length: number): number {
  return Math.ceil(length / TAR_BLOCK) * TAR_BLOCK;
}
