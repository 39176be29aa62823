import { describe, expect, it } from 'vitest';

import { identityDataJson, macAddressForDevice, macIdentity } from './identity.ts';

describe('macAddressForDevice', () => {
  it('numbers devices from 02:00:00:00:00:01, locally administered and stable', () => {
    expect(macAddressForDevice(0)).toBe('02:00:00:00:00:01');
    expect(macAddressForDevice(254)).toBe('02:00:00:00:00:ff');
    expect(macAddressForDevice(255)).toBe('02:00:00:00:01:00');
    expect(macAddressForDevice(2 ** 32)).toBe('02:01:00:00:00:01');
    expect(macAddressForDevice(2 ** 40 - 2)).toBe('02:ff:ff:ff:ff:ff');
  });

  it('refuses an index a MAC cannot hold', () => {
    for (const index of [-1, 1.5, 2 ** 40 - 1]) {
      expect(() => macAddressForDevice(index)).toThrow(
        `Failed to derive a MAC address for device index ${index}`,
      );
    }
  });
});

describe('identityDataJson', () => {
  it('serialises the mac identity, and any other attribute, as one compact member', () => {
    expect(identityDataJson(macIdentity(9))).toBe('{"mac":"02:00:00:00:00:0a"}');
    expect(identityDataJson({ name: 'serial_number', value: 'SN-0042' })).toBe(
      '{"serial_number":"SN-0042"}',
    );
  });

  it('refuses an empty attribute', () => {
    expect(() => identityDataJson({ name: '', value: 'x' })).toThrow(
      'both the attribute name and its value must be non-empty',
    );
  });
});
