import { describe, expect, it } from 'vitest';

import { McuBoot } from './mcuboot.ts';

const factory = { name: 'rel-1', size: 0, sha256: '', crashesOnBoot: false };

function withNewImage(boot: McuBoot, name = 'rel-2') {
  boot.beginSecondaryWrite(name);
  boot.writeSecondary(new Uint8Array([1, 2, 3]));
  boot.finishSecondaryWrite();
}

describe('McuBoot', () => {
  it('swaps a test image in at the next reset, unconfirmed', () => {
    const boot = new McuBoot(factory);
    withNewImage(boot);
    expect(boot.requestTestUpgrade()).toBe(true);
    const outcome = boot.boot();
    expect(outcome.kind).toBe('booted');
    expect(boot.primary.name).toBe('rel-2');
    expect(boot.confirmed).toBe(false);
    expect(boot.secondary?.name).toBe('rel-1');
  });

  it('reverts an unconfirmed test image at the reset after', () => {
    const boot = new McuBoot(factory);
    withNewImage(boot);
    boot.requestTestUpgrade();
    boot.boot();
    boot.boot();
    expect(boot.primary.name).toBe('rel-1');
    expect(boot.confirmed).toBe(true);
  });

  it('keeps a confirmed image across resets', () => {
    const boot = new McuBoot(factory);
    withNewImage(boot);
    boot.requestTestUpgrade();
    boot.boot();
    boot.confirm();
    boot.boot();
    expect(boot.primary.name).toBe('rel-2');
    expect(boot.confirmed).toBe(true);
  });

  it('reverts an image that crashes before confirming', () => {
    const boot = new McuBoot(factory, new Set(['rel-2']));
    withNewImage(boot);
    boot.requestTestUpgrade();
    const outcome = boot.boot();
    expect(outcome).toEqual({
      kind: 'booted',
      image: factory,
      note: 'test swap to rel-2, rel-2 crashed, reverted to rel-1',
    });
  });

  it('refuses a test upgrade with an empty secondary slot', () => {
    expect(new McuBoot(factory).requestTestUpgrade()).toBe(false);
  });
});
