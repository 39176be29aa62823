/**
 * The fields of tar headers and PAX records, read as Go's archive/tar reads
 * them (mender-artifact is built on it) or as mender-mcu reads them. A
 * reader returns undefined for a field it would refuse; the tar parser turns
 * that into a typed error.
 */

const textDecoder = new TextDecoder();

/** How strictly header fields are read. */
export type TarDialect = 'go' | 'mcu';

/** Header-only entry types: Go reads no content for them, whatever their size field says. */
const HEADER_ONLY_TYPES = new Set(['1', '2', '3', '4', '5', '6']);

/** Whether Go reads no content after a header with this type flag. */
export function isHeaderOnly(typeflag: string): boolean {
  return HEADER_ONLY_TYPES.has(typeflag);
}

/**
 * A numeric header field as Go reads it: base-256 when its first byte has
 * the high bit set (GNU, two's complement), otherwise octal after trimming
 * spaces and NULs at both ends, up to the first NUL inside. Undefined when
 * the field is not a number, or does not fit 64 bits.
 */
export function parseNumericField(field: Uint8Array): bigint | undefined {
  const first = field[0] ?? 0;
  if ((first & 0x80) !== 0) {
    const negative = (first & 0x40) !== 0;
    let value = 0n;
    field.forEach((byte, index) => {
      let bits = negative ? byte ^ 0xff : byte;
      if (index === 0) bits &= 0x7f;
      value = (value << 8n) | BigInt(bits);
    });
    if (value >= 1n << 63n) return undefined;
    return negative ? -value - 1n : value;
  }
  let start = 0;
  let end = field.length;
  while (start < end && isPadding(field[start])) start += 1;
  while (end > start && isPadding(field[end - 1])) end -= 1;
  const nul = field.subarray(start, end).indexOf(0);
  const text = textDecoder.decode(field.subarray(start, nul === -1 ? end : start + nul));
  if (text === '') return 0n;
  if (!/^[0-7]+$/.test(text)) return undefined;
  const value = BigInt(`0o${text}`);
  return value < 1n << 64n ? value : undefined;
}

function isPadding(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0;
}

/** A PAX `<length> <key>=<value>\n` record, as Go's parser splits and checks it. */
export interface PaxRecord {
  readonly key: string;
  readonly value: string;
}

/**
 * The records of a PAX extended header, or undefined when one is malformed.
 * The length is a decimal count of the record's own bytes (Go's ParseInt
 * takes a sign); the record ends in a newline; the key is not empty and has
 * no "="; path-like values hold no NUL.
 */
export function parsePaxRecords(bytes: Uint8Array): PaxRecord[] | undefined {
  const records: PaxRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    if (space === -1) return undefined;
    const lengthText = textDecoder.decode(bytes.subarray(at, space));
    if (!/^[+-]?\d+$/.test(lengthText)) return undefined;
    const length = Number(lengthText);
    const end = at + length;
    if (length < 5 || end > bytes.length || space + 1 >= end - 1) return undefined;
    if (bytes[end - 1] !== 0x0a) return undefined;
    const body = bytes.subarray(space + 1, end - 1);
    const equals = body.indexOf(0x3d);
    if (equals <= 0) return undefined;
    const key = textDecoder.decode(body.subarray(0, equals));
    const valueBytes = body.subarray(equals + 1);
    const nulChecked = PATH_LIKE_KEYS.has(key) ? valueBytes : body.subarray(0, equals);
    if (nulChecked.includes(0)) return undefined;
    records.push({ key, value: textDecoder.decode(valueBytes) });
    at = end;
  }
  return records;
}

const PATH_LIKE_KEYS = new Set(['path', 'linkpath', 'uname', 'gname']);

/** What a PAX header changes about the next entry. */
export interface PaxOverride {
  name?: string;
  size?: number;
  mtime?: number;
}

/**
 * Applies PAX records the way Go merges them into the next header: an empty
 * value keeps the header's own; uid, gid, size and the times must be
 * numbers; a negative size is refused. Returns the failing key, if any.
 */
export function applyPaxRecords(
  records: readonly PaxRecord[],
  override: PaxOverride,
): string | undefined {
  for (const { key, value } of records) {
    if (value === '') continue;
    if (key === 'path') override.name = value;
    else if (key === 'uid' || key === 'gid') {
      if (parseInt64(value) === undefined) return key;
    } else if (key === 'size') {
      const size = parseInt64(value);
      if (size === undefined || size < 0n || size > BigInt(Number.MAX_SAFE_INTEGER))
        return key;
      override.size = Number(size);
    } else if (key === 'mtime' || key === 'atime' || key === 'ctime') {
      const seconds = parsePaxTime(value);
      if (seconds === undefined) return key;
      if (key === 'mtime') override.mtime = Number(seconds);
    }
  }
  return undefined;
}

/** Go's strconv.ParseInt(value, 10, 64). */
function parseInt64(value: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const number = BigInt(value);
  return number >= -(1n << 63n) && number < 1n << 63n ? number : undefined;
}

/** Whole seconds of a PAX time: `[sign]digits[.digits]`. */
function parsePaxTime(value: string): bigint | undefined {
  const dot = value.indexOf('.');
  const seconds = parseInt64(dot === -1 ? value : value.slice(0, dot));
  if (seconds === undefined) return undefined;
  if (dot !== -1 && !/^\d*$/.test(value.slice(dot + 1))) return undefined;
  return seconds;
}
