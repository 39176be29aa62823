import { describe, expect, it } from 'vitest';

import { ArtifactError } from './errors.ts';
import { TarParser, type TarEntry, type TarParserOptions } from './tarParser.ts';
import { tarHeader, writeTar } from './tarWriter.ts';

const text = (value: string) => new TextEncoder().encode(value);

const STRICT: TarParserOptions = {
  dialect: 'go',
  outermost: true,
  locate: (offset, entry) => ({
    member: 'test.tar',
    offset,
    ...(entry ? { entry } : {}),
  }),
  maxRecordBytes: 4096,
};

/** Parses `bytes` pushed `chunk` at a time; returns entries with their content. */
function parse(bytes: Uint8Array, chunk = bytes.length || 1, options = STRICT) {
  const entries: { entry: TarEntry; content: number[] }[] = [];
  let ended = false;
  const parser = new TarParser(
    {
      entry: (entry) => entries.push({ entry, content: [] }),
      data: (data, entry, offset) => {
        const current = entries[entries.length - 1];
        expect(current?.entry).toBe(entry);
        expect(offset).toBe(current?.content.length);
        current?.content.push(...data);
      },
      entryEnd: (entry) => expect(entries[entries.length - 1]?.entry).toBe(entry),
      end: () => (ended = true),
    },
    options,
  );
  for (let at = 0; at < bytes.length; at += chunk)
    parser.push(bytes.subarray(at, at + chunk));
  parser.finish();
  return { entries, ended };
}

const archive = writeTar([
  { name: 'a.txt', data: text('hello') },
  { name: 'empty', data: new Uint8Array(0) },
  {
    name: 'big.bin',
    data: Uint8Array.from({ length: 1500 }, (_, i) => i % 256),
    mtime: 1_700_000_000,
  },
]);

describe('TarParser', () => {
  it.each([1, 3, 511, 512, 1000, archive.length])(
    'reads entries pushed %i bytes at a time',
    (chunk) => {
      const { entries, ended } = parse(archive, chunk);
      expect(ended).toBe(true);
      expect(entries.map(({ entry }) => [entry.name, entry.size, entry.offset])).toEqual([
        ['a.txt', 5, 0],
        ['empty', 0, 1024],
        ['big.bin', 1500, 1536],
      ]);
      expect(entries[2]?.entry.mtime).toBe(1_700_000_000);
      expect(new TextDecoder().decode(Uint8Array.from(entries[0]?.content ?? []))).toBe(
        'hello',
      );
      expect(entries[2]?.content).toEqual(
        Array.from({ length: 1500 }, (_, i) => i % 256),
      );
    },
  );

  it('ends cleanly at an entry boundary without the end marker, as Go does', () => {
    const cut = archive.subarray(0, 1024);
    expect(parse(cut).ended).toBe(true);
  });

  it('ends after one zero block followed by the end of input', () => {
    const oneZero = archive.subarray(0, archive.length - 512);
    expect(parse(oneZero).entries).toHaveLength(3);
  });

  it('refuses a zero block followed by data', () => {
    const bytes = archive.slice();
    bytes[bytes.length - 1] = 1;
    expect(() => parse(bytes)).toThrow(
      expect.objectContaining({
        code: 'tar-header-invalid',
        offset: archive.length - 512,
      }),
    );
  });

  it('ignores whatever follows the end marker', () => {
    const bytes = new Uint8Array(archive.length + 700).fill(0x41);
    bytes.set(archive);
    expect(parse(bytes).entries).toHaveLength(3);
  });

  it('calls input that stops inside an entry truncated', () => {
    expect(() => parse(archive.subarray(0, 1536 + 512 + 100))).toThrow(
      expect.objectContaining({ code: 'truncated', entry: 'big.bin', offset: 2148 }),
    );
  });

  it('checks header checksums in the go dialect only', () => {
    const bytes = archive.slice();
    bytes[1024 + 136] = (bytes[1024 + 136] as number) ^ 1;
    expect(() => parse(bytes)).toThrow(
      expect.objectContaining({ code: 'tar-header-invalid', offset: 1024 }),
    );
    expect(parse(bytes, 512, { ...STRICT, dialect: 'mcu' }).entries).toHaveLength(3);
  });

  it('calls a first block that is no header not-a-tar', () => {
    const error = (() => {
      try {
        parse(new Uint8Array(1024).fill(0x20));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ArtifactError);
    expect(error).toMatchObject({ code: 'not-a-tar', offset: 0 });
  });

  it('requires the ustar magic in the mcu dialect, as mender-mcu does', () => {
    const v7 = archive.slice();
    v7.fill(0, 257, 265);
    // Recompute the checksum so that only the magic differs.
    fixChecksum(v7.subarray(0, 512));
    expect(parse(v7).entries).toHaveLength(3);
    expect(() => parse(v7, 512, { ...STRICT, dialect: 'mcu' })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('Invalid magic') }),
    );
  });

  it('applies a PAX path and a GNU long name to the next entry', () => {
    const longName = `${'d/'.repeat(60)}file.bin`;
    const body = `path=${longName}\n`;
    // A PAX record's length counts its own digits.
    let length = body.length + 2;
    while (`${length} ${body}`.length !== length) length += 1;
    const pax = text(`${length} ${body}`);
    const paxHeader = tarHeader({ name: 'PaxHeaders/file.bin', data: pax });
    paxHeader[156] = 'x'.charCodeAt(0);
    fixChecksum(paxHeader);
    const gnuName = text(`${longName}.2\0`);
    const gnuHeader = tarHeader({ name: '././@LongLink', data: gnuName });
    gnuHeader[156] = 'L'.charCodeAt(0);
    fixChecksum(gnuHeader);
    const bytes = concat(
      paxHeader,
      padded(pax),
      tarHeader({ name: 'short', data: text('x') }),
      padded(text('x')),
      gnuHeader,
      padded(gnuName),
      tarHeader({ name: 'short2', data: text('y') }),
      padded(text('y')),
      new Uint8Array(1024),
    );
    expect(parse(bytes, 100).entries.map(({ entry }) => entry.name)).toEqual([
      longName,
      `${longName}.2`,
    ]);
  });

  it('reads base-256 sizes', () => {
    const header = tarHeader({ name: 'b', data: new Uint8Array(3) });
    header.fill(0, 124, 136);
    header[124] = 0x80;
    header[135] = 3;
    fixChecksum(header);
    const bytes = concat(header, padded(text('abc')), new Uint8Array(1024));
    expect(parse(bytes).entries[0]?.entry.size).toBe(3);
  });
});

function fixChecksum(header: Uint8Array): void {
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.set(text(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}

function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 512) * 512);
  out.set(bytes);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
