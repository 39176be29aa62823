import { describe, expect, it } from 'vitest';

import { FileTable } from './fileTable.ts';

describe('FileTable', () => {
  it('keys files by the SHA-256 of their bytes and keeps one copy of the same bytes', () => {
    const table = new FileTable();
    const bytes = new TextEncoder().encode('abc');
    const first = table.add('one.mender', bytes);
    expect(first.sha256).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    bytes[0] = 0; // the table holds its own copy
    expect(table.get(first.sha256)?.bytes).toEqual(new TextEncoder().encode('abc'));
    const again = table.add('two.mender', new TextEncoder().encode('abc'));
    expect(again.name).toBe('one.mender');
    expect(table.size).toBe(1);
  });

  it('is rebuilt from its own entries, as a workspace restores it', () => {
    const table = new FileTable();
    table.add('a', new Uint8Array([1, 2, 3]));
    table.add('b', new Uint8Array([4]));
    const copy = new FileTable(table);
    expect([...copy].map((file) => [file.name, file.sha256])).toEqual(
      [...table].map((file) => [file.name, file.sha256]),
    );
  });
});
