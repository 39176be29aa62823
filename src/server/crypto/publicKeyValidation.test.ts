import { generateKeyPairSync } from 'node:crypto';

import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';

import { p256Key } from '../testing/testDevice.ts';
import { parseDevicePublicKey, PublicKeyError, toPem } from './publicKeys.ts';

const P256_PREFIX = [
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
  0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

function der(pem: string): Uint8Array {
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
}

describe("device public keys, checked as Go's x509.ParsePKIXPublicKey checks them", () => {
  it('refuse an EC point that is not on the curve, or not uncompressed', () => {
    const good = der(p256Key(1).pem);
    expect(parseDevicePublicKey(toPem(good)).type).toBe('ecdsa-p256');
    const offCurve = good.slice();
    offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1;
    expect(() => parseDevicePublicKey(toPem(offCurve))).toThrow(PublicKeyError);

    const compressedPoint = p256.getPublicKey(new Uint8Array(32).fill(7), true);
    const compressed = Uint8Array.from([
      0x30,
      0x39,
      ...P256_PREFIX.slice(2, 22),
      0x03,
      0x22,
      0x00,
      ...compressedPoint,
    ]);
    expect(() => parseDevicePublicKey(toPem(compressed))).toThrow(PublicKeyError);
  });

  it('refuse an Ed25519 key that is not 32 bytes', () => {
    const good = der(
      generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
    );
    expect(parseDevicePublicKey(toPem(good)).type).toBe('ed25519');
    const short = Uint8Array.from([
      0x30,
      0x29,
      0x30,
      0x05,
      0x06,
      0x03,
      0x2b,
      0x65,
      0x70,
      0x03,
      0x20,
      0x00,
      ...good.slice(12, 43),
    ]);
    expect(() => parseDevicePublicKey(toPem(short))).toThrow(PublicKeyError);
  });

  it('refuse an RSA key whose body is not a positive modulus and exponent', () => {
    const good = der(
      generateKeyPairSync('rsa', { modulusLength: 1024 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
    );
    expect(parseDevicePublicKey(toPem(good)).type).toBe('rsa');
    // The same algorithm block, with a BIT STRING that holds no RSAPublicKey.
    const algorithm = good.slice(3, 18);
    const garbage = Uint8Array.from([
      0x30,
      0x17,
      ...algorithm,
      0x03,
      0x06,
      0x00,
      0x01,
      0x02,
      0x03,
      0x04,
      0x05,
    ]);
    expect(() => parseDevicePublicKey(toPem(garbage))).toThrow(PublicKeyError);
    const negative = Uint8Array.from([
      0x30,
      0x1a,
      ...algorithm,
      0x03,
      0x09,
      0x00,
      0x30,
      0x06,
      0x02,
      0x01,
      0xff,
      0x02,
      0x01,
      0x03,
    ]);
    const positive = Uint8Array.from([
      0x30,
      0x1a,
      ...algorithm,
      0x03,
      0x09,
      0x00,
      0x30,
      0x06,
      0x02,
      0x01,
      0x7f,
      0x02,
      0x01,
      0x03,
    ]);
    expect(parseDevicePublicKey(toPem(positive)).type).toBe('rsa');
    expect(() => parseDevicePublicKey(toPem(negative))).toThrow(PublicKeyError);
  });
});
