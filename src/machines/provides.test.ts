import { describe, expect, it } from 'vitest';

import {
  matchesWildcard,
  mergeProvides,
  parseProvides,
  serializeProvides,
} from './provides.ts';

describe('provides', () => {
  it('round-trips the 0x1F/0x1E form', () => {
    const provides = [
      ['rootfs-image.zephyr-image.version', 'rel-2'],
      ['a', ''],
    ] as const;
    const text = serializeProvides(provides);
    expect(text).toBe('rootfs-image.zephyr-image.version\u001frel-2\u001ea\u001f\u001e');
    expect(parseProvides(text)).toEqual(provides);
  });

  it('matches * wildcards anywhere in the pattern', () => {
    expect(matchesWildcard('rootfs-image.zephyr-image.version', 'rootfs-image.*')).toBe(
      true,
    );
    expect(matchesWildcard('rootfs-image.version', 'rootfs-image.*.version')).toBe(false);
    expect(matchesWildcard('a.b.c', '*.c')).toBe(true);
    expect(matchesWildcard('a.b.c', 'a.b.c')).toBe(true);
  });

  it('drops cleared keys, lets new values win and removes artifact_name', () => {
    const merged = mergeProvides(
      [
        ['rootfs-image.zephyr-image.version', 'rel-1'],
        ['data.partition', 'p1'],
        ['artifact_name', 'old'],
      ],
      [['rootfs-image.zephyr-image.version', 'rel-2']],
      ['rootfs-image.zephyr-image.*'],
    );
    expect(merged).toEqual([
      ['data.partition', 'p1'],
      ['rootfs-image.zephyr-image.version', 'rel-2'],
    ]);
  });
});
