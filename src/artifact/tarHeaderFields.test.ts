/**
 * Tar header fields read the way each referee reads them. The `go` dialect
 * (server mode) follows Go's archive/tar, which mender-artifact is built on:
 * malformed PAX records and numeric fields are refused, link, device,
 * directory and fifo entries carry no content whatever their size field
 * says, and a global PAX header is an entry of its own. The `mcu` dialect
 * (device mode) reads only the name and size field, as mender-mcu does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { TarParser, type TarEntry, type TarParserOptions } from './tarParser.ts';
import { tarHeader } from './tarWriter.ts';
import { craftArtifact, json } from './testing/craft.ts';
import { runTool, tempDir, toolAvailable } from './testing/menderArtifactCli.ts';
import { codeOf as outcomeCode, readInChunks } from './testing/outcome.ts';

const text = (value: string) => new TextEncoder().encode(value);

const options = (dialect: 'go' | 'mcu', outermost: boolean): TarParserOptions => ({
  dialect,
  outermost,
  locate: (offset, entry) => ({
    member: 'test.tar',
    offset,
    ...(entry ? { entry } : {}),
  }),
  maxRecordBytes: 4096,
});

interface Parsed {
  readonly entries: { readonly entry: TarEntry; readonly content: string }[];
}

function parse(bytes: Uint8Array, dialect: 'go' | 'mcu', outermost = false): Parsed {
  const entries: { entry: TarEntry; content: string }[] = [];
  const parser = new TarParser(
    {
      entry: (entry) => entries.push({ entry, content: '' }),
      data: (data) => {
        const current = entries[entries.length - 1] as { content: string };
        current.content += new TextDecoder().decode(data);
      },
      entryEnd: () => undefined,
      end: () => undefined,
    },
    options(dialect, outermost),
  );
  parser.push(bytes);
  parser.finish();
  return { entries };
}

function codeOf(bytes: Uint8Array, dialect: 'go' | 'mcu', outermost = false): string {
  try {
    parse(bytes, dialect, outermost);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

/** A header block with its type flag and any fields replaced, checksum fixed. */
function header(
  name: string,
  content: Uint8Array,
  typeflag = '0',
  fields: Record<number, Uint8Array> = {},
): Uint8Array {
  const block = tarHeader({ name, data: content });
  block[156] = typeflag.charCodeAt(0);
  for (const [at, bytes] of Object.entries(fields)) block.set(bytes, Number(at));
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.set(text(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return block;
}

function entry(name: string, content: string, typeflag = '0', fields = {}): Uint8Array {
  const bytes = text(content);
  return concat(header(name, bytes, typeflag, fields), padded(bytes));
}

/** A PAX record with its self-counting length, or with `length` as given. */
function paxRecord(key: string, value: string, length?: string): string {
  const body = ` ${key}=${value}\n`;
  let size = body.length + 1;
  while (`${size}${body}`.length !== size) size += 1;
  return `${length ?? size}${body}`;
}

function archive(...parts: Uint8Array[]): Uint8Array {
  return concat(...parts, new Uint8Array(1024));
}

const file = entry('file.bin', 'content');

describe('PAX records in the go dialect', () => {
  const withPax = (records: string) => archive(entry('PaxHeaders/x', records, 'x'), file);

  it('refuses a record that does not end in a newline', () => {
    const record = paxRecord('path', 'other.bin').replace(/\n$/, 'X');
    expect(codeOf(withPax(record), 'go')).toBe('tar-header-invalid');
  });

  it.each(['0x1a', ' 26', '2.6e1'])('refuses the record length "%s"', (length) => {
    const record = paxRecord('path', 'other.bin', length);
    expect(codeOf(withPax(record), 'go')).toBe('tar-header-invalid');
  });

  it('takes a signed record length, as Go’s ParseInt does', () => {
    const body = ' path=other.bin\n';
    const record = `+${body.length + 3}${body}`;
    expect(parse(withPax(record), 'go').entries[0]?.entry.name).toBe('other.bin');
  });

  it.each([
    ['mtime', 'abc'],
    ['mtime', '1.5x'],
    ['atime', 'x'],
    ['uid', 'root'],
    ['size', '0x7'],
    ['size', '-1'],
    ['linkpath', 'a\0b'],
  ])('refuses %s=%j', (key, value) => {
    expect(codeOf(withPax(paxRecord(key, value)), 'go')).toBe('tar-header-invalid');
  });

  it('applies a PAX mtime and a signed PAX size', () => {
    const records = paxRecord('mtime', '1700000000.25') + paxRecord('size', '+7');
    const [first] = parse(withPax(records), 'go').entries;
    expect(first?.entry).toMatchObject({ mtime: 1_700_000_000, size: 7 });
  });

  it('keeps the header’s name and size when the PAX values are empty', () => {
    const records = paxRecord('path', '') + paxRecord('size', '');
    const [first] = parse(withPax(records), 'go').entries;
    expect(first).toMatchObject({
      entry: { name: 'file.bin', size: 7 },
      content: 'content',
    });
  });

  it('lets a GNU long name beat a PAX path in either order', () => {
    const gnu = entry('././@LongLink', 'gnu.bin\0', 'L');
    const pax = entry('PaxHeaders/x', paxRecord('path', 'pax.bin'), 'x');
    const names = (bytes: Uint8Array) =>
      parse(bytes, 'go').entries.map((item) => item.entry.name);
    expect(names(archive(gnu, pax, file))).toEqual(['gnu.bin']);
    expect(names(archive(pax, gnu, file))).toEqual(['gnu.bin']);
  });

  it('reports a global PAX header as an entry', () => {
    const global = entry('pax_global_header', paxRecord('comment', 'hi'), 'g');
    const names = parse(archive(global, file), 'go').entries.map(
      (item) => item.entry.name,
    );
    expect(names).toEqual(['pax_global_header', 'file.bin']);
  });
});

describe('PAX and GNU records in the mcu dialect', () => {
  it('are plain entries, as mender-mcu reads no type flags', () => {
    const pax = entry('PaxHeaders.0/file.bin', paxRecord('path', 'long.bin'), 'x');
    const gnu = entry('././@LongLink', 'gnu.bin\0', 'L');
    const { entries } = parse(archive(pax, gnu, file), 'mcu');
    expect(entries.map((item) => item.entry.name)).toEqual([
      'PaxHeaders.0/file.bin',
      '././@LongLink',
      'file.bin',
    ]);
    expect(entries[0]?.content).toBe(paxRecord('path', 'long.bin'));
  });
});

describe('entries without content', () => {
  // A symlink whose size field claims 512 bytes.
  const symlink = header('link', new Uint8Array(512), '2');

  it('reads no content after a symlink header in the go dialect', () => {
    const { entries } = parse(archive(symlink, file), 'go');
    expect(entries.map((item) => [item.entry.name, item.entry.size])).toEqual([
      ['link', 0],
      ['file.bin', 7],
    ]);
  });

  it('reads the size field’s worth of content in the mcu dialect', () => {
    const filler = new Uint8Array(512).fill(0x41);
    const { entries } = parse(archive(symlink, filler, file), 'mcu');
    expect(entries.map((item) => [item.entry.name, item.content.length])).toEqual([
      ['link', 512],
      ['file.bin', 7],
    ]);
    expect(codeOf(archive(symlink, filler, file), 'go')).toBe('tar-header-invalid');
  });
});

describe('numeric header fields', () => {
  const withField = (at: number, value: string | Uint8Array) =>
    archive(
      entry('file.bin', 'content', '0', {
        [at]: typeof value === 'string' ? text(value) : value,
      }),
    );

  it.each([
    ['mode', 100],
    ['uid', 108],
    ['gid', 116],
    ['devmajor', 329],
    ['devminor', 337],
  ])('refuses garbage in %s in the go dialect only', (_field, at) => {
    const bytes = withField(at, 'zzzzzzz\0');
    expect(codeOf(bytes, 'go')).toBe('tar-header-invalid');
    expect(codeOf(bytes, 'mcu')).toBe('ok');
  });

  it('refuses a size padded with a tab, since Go trims only spaces and NULs', () => {
    expect(codeOf(withField(124, '\t0000000007\0'), 'go')).toBe('tar-header-invalid');
  });

  it('reads a number up to a NUL inside its field', () => {
    const [first] = parse(withField(136, '0000017\0zz\0\0'), 'go').entries;
    expect(first?.entry.mtime).toBe(15);
  });

  it('reads base-256 times, negative ones too', () => {
    const positive = new Uint8Array(12);
    positive[0] = 0x80;
    positive[11] = 5;
    expect(parse(withField(136, positive), 'go').entries[0]?.entry.mtime).toBe(5);
    const negative = new Uint8Array(12).fill(0xff);
    expect(parse(withField(136, negative), 'go').entries[0]?.entry.mtime).toBe(-1);
  });

  it('ignores a garbage mtime in the mcu dialect, which never reads it', () => {
    const [first] = parse(withField(136, 'zzzzzzzzzzz\0'), 'mcu').entries;
    expect(first).toMatchObject({ entry: { mtime: 0 }, content: 'content' });
  });
});

describe('names', () => {
  const prefixed = archive(entry('file.bin', 'content', '0', { 345: text('dir') }));

  it('joins the ustar prefix in the go dialect and not in the mcu dialect', () => {
    expect(parse(prefixed, 'go').entries[0]?.entry.name).toBe('dir/file.bin');
    expect(parse(prefixed, 'mcu').entries[0]?.entry.name).toBe('file.bin');
  });
});

describe('a damaged first block', () => {
  const garbage = new Uint8Array(1024).fill(0x41);

  it('means the artifact is not a tar only for the outermost archive', () => {
    expect(codeOf(garbage, 'go', true)).toBe('not-a-tar');
    expect(codeOf(garbage, 'go', false)).toBe('tar-header-invalid');
  });
});

describe('whole artifacts with such headers', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const payload = text('firmware');
  const files = [{ name: 'fw.bin', data: payload }];
  const withData = (data: Uint8Array) => craftArtifact({ files, encodeData: () => data });
  const fwEntry = (fields = {}) => entry('fw.bin', 'firmware', '0', fields);
  const cases = [
    {
      label: 'a PAX record without its newline in data/0000.tar',
      bytes: withData(
        archive(
          entry('PaxHeaders/fw', paxRecord('mtime', '1').replace('\n', 'X'), 'x'),
          fwEntry(),
        ),
      ),
    },
    {
      label: 'a PAX mtime that is not a number',
      bytes: withData(
        archive(entry('PaxHeaders/fw', paxRecord('mtime', 'soon'), 'x'), fwEntry()),
      ),
    },
    {
      label: 'a uid that is not a number',
      bytes: withData(archive(fwEntry({ 108: text('root\0') }))),
    },
    {
      label: 'a global PAX header in data/0000.tar',
      bytes: withData(
        archive(entry('pax_global_header', paxRecord('comment', 'x'), 'g'), fwEntry()),
      ),
    },
    {
      label: 'header-info stored as a symlink with a size',
      bytes: craftArtifact({
        files,
        encodeHeader: () =>
          archive(
            entry(
              'header-info',
              JSON.stringify({
                payloads: [{ type: 'zephyr-image' }],
                artifact_provides: { artifact_name: 'a' },
                artifact_depends: { device_type: ['esp32'] },
              }),
              '2',
            ),
            entry(
              'headers/0000/type-info',
              new TextDecoder().decode(json({ type: 'zephyr-image' })),
            ),
          ),
      }),
    },
  ];

  it.each(cases)(
    'is refused in server mode, as mender-artifact refuses it: $label',
    async (item) => {
      expect(outcomeCode(await readInChunks(item.bytes, { mode: 'server' }))).not.toBe(
        'ok',
      );
      if (!toolAvailable) return;
      const path = join(dir.path, `${item.label.replace(/\W+/g, '-')}.mender`);
      writeFileSync(path, item.bytes);
      const run = await runTool(['validate', path]);
      expect(run.ok, run.output).toBe(false);
    },
  );
});

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
