import { describe, expect, it } from 'vitest';

import { KconfigError } from './errors.ts';
import {
  formatPrjConf,
  parsePrjConf,
  prjConfFromChanges,
  updatePrjConf,
} from './prjconf.ts';

function caught(work: () => unknown): KconfigError {
  try {
    work();
  } catch (error) {
    if (error instanceof KconfigError) return error;
    throw error;
  }
  throw new Error('expected a KconfigError');
}

describe('parsePrjConf', () => {
  it('reads y, n, not-set, decimal, hex and escaped strings', () => {
    const fragment = parsePrjConf(
      [
        'CONFIG_A=y',
        'CONFIG_B=n',
        '# CONFIG_C is not set',
        'CONFIG_D=-42',
        'CONFIG_E=0x1F',
        'CONFIG_F="say \\"hi\\" \\\\ there"',
        'CONFIG_G=m',
      ].join('\n'),
      'prj.conf',
    );
    const values = fragment.lines.map((line) =>
      line.kind === 'assignment' ? [line.symbol, line.value, line.style] : line.kind,
    );
    expect(values).toEqual([
      ['A', { kind: 'bool', value: true }, 'value'],
      ['B', { kind: 'bool', value: false }, 'value'],
      ['C', { kind: 'bool', value: false }, 'not-set'],
      ['D', { kind: 'int', value: -42 }, 'value'],
      ['E', { kind: 'hex', value: 31 }, 'value'],
      ['F', { kind: 'string', value: 'say "hi" \\ there' }, 'value'],
      ['G', { kind: 'raw', text: 'm' }, 'value'],
    ]);
  });

  it('keeps comments and blank lines and writes the text back byte for byte', () => {
    const texts = [
      '# heading\n\nCONFIG_A=y\n#CONFIG_B=y\n  \nCONFIG_C="x"\n',
      'CONFIG_A=y\r\n# comment\r\n',
      'CONFIG_A=y\nCONFIG_B=3',
      '',
    ];
    for (const text of texts)
      expect(formatPrjConf(parsePrjConf(text, 'x.conf'))).toBe(text);
  });

  it('rejects a line that is not CONFIG_NAME=value, naming the fragment and line', () => {
    const error = caught(() => parsePrjConf('CONFIG_A=y\nMENDER_X=1\n', 'boards/b.conf'));
    expect(error.code).toBe('SYNTAX');
    expect(error.origin).toEqual({ source: 'boards/b.conf', line: 2 });
    expect(error.message).toBe(
      'Failed to read boards/b.conf line 2: "MENDER_X=1" is not CONFIG_NAME=value. ' +
        'Every setting starts with CONFIG_; comments start with #.',
    );
  });

  it('rejects an unterminated string and a comment after a value', () => {
    expect(caught(() => parsePrjConf('CONFIG_A="open', 'p.conf')).message).toContain(
      'p.conf line 1: the string for CONFIG_A has no closing quote',
    );
    expect(
      caught(() => parsePrjConf('\nCONFIG_A="x" # why', 'p.conf')).message,
    ).toContain('p.conf line 2: text follows the closing quote of CONFIG_A');
  });
});

describe('updatePrjConf', () => {
  const original = parsePrjConf(
    '# demo\nCONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\nCONFIG_WIFI=y\n' +
      'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=40\n',
    'prj.conf',
  );

  it('replaces the line in force, appends new options and keeps the rest', () => {
    const updated = updatePrjConf(original, [
      { symbol: 'MENDER_CLIENT_UPDATE_POLL_INTERVAL', type: 'int', value: 3600 },
      { symbol: 'MENDER_SERVER_TENANT_TOKEN', type: 'string', value: 'a"b\\c' },
      { symbol: 'MENDER_DEPLOYMENT_LOGS', type: 'bool', value: false },
    ]);
    expect(formatPrjConf(updated)).toBe(
      '# demo\nCONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\nCONFIG_WIFI=y\n' +
        'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=3600\n' +
        'CONFIG_MENDER_SERVER_TENANT_TOKEN="a\\"b\\\\c"\n' +
        'CONFIG_MENDER_DEPLOYMENT_LOGS=n\n',
    );
  });

  it('removes every line of an option set to null', () => {
    const updated = updatePrjConf(original, [
      { symbol: 'MENDER_CLIENT_UPDATE_POLL_INTERVAL', type: 'int', value: null },
    ]);
    expect(formatPrjConf(updated)).toBe('# demo\nCONFIG_WIFI=y\n');
  });

  it('writes values that read back to the same values', () => {
    const written = prjConfFromChanges('form.conf', [
      { symbol: 'S', type: 'string', value: 'quote " and \\ slash' },
      { symbol: 'H', type: 'hex', value: 4096 },
      { symbol: 'I', type: 'int', value: 604800 },
      { symbol: 'B', type: 'bool', value: true },
    ]);
    const reread = parsePrjConf(formatPrjConf(written), 'form.conf');
    expect(
      reread.lines.map((line) => (line.kind === 'assignment' ? line.value : null)),
    ).toEqual([
      { kind: 'string', value: 'quote " and \\ slash' },
      { kind: 'hex', value: 4096 },
      { kind: 'int', value: 604800 },
      { kind: 'bool', value: true },
    ]);
  });
});
