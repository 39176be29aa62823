import { createPrivateKey, createPublicKey, verify as nodeVerify } from 'node:crypto';

import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { DeviceKey, deviceKeyStreamLabel } from './deviceKey.ts';
import { IdentityError } from './errors.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** RFC 6979 appendix A.2.5: P-256, SHA-256, message "sample". */
const RFC6979 = {
  privateKey: 'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721',
  publicX: '60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6',
  publicY: '7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299',
  r: 'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716',
  s: 'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8',
};

describe('DeviceKey', () => {
  const seeded = (seed: number, generation: number) =>
    DeviceKey.derive(
      new SeededRandom(seed).fork(deviceKeyStreamLabel('device-3', generation)),
    );

  it('derives the same key from the same seed and fork, a new one after recommissioning', () => {
    expect(hex(seeded(42, 0).privateKey)).toBe(hex(seeded(42, 0).privateKey));
    expect(hex(seeded(42, 1).privateKey)).not.toBe(hex(seeded(42, 0).privateKey));
    expect(hex(seeded(43, 0).privateKey)).not.toBe(hex(seeded(42, 0).privateKey));
    expect(p256.utils.isValidSecretKey(seeded(42, 0).privateKey)).toBe(true);
  });

  it('reproduces the RFC 6979 P-256 SHA-256 signature of "sample"', () => {
    const key = DeviceKey.fromPrivateKey(Buffer.from(RFC6979.privateKey, 'hex'));
    expect(hex(key.publicKey)).toBe(`04${RFC6979.publicX}${RFC6979.publicY}`);

    const der = key.sign(new TextEncoder().encode('sample'));
    const signature = p256.Signature.fromBytes(der, 'der');
    expect(signature.r.toString(16)).toBe(RFC6979.r);
    expect(signature.s.toString(16)).toBe(RFC6979.s);
  });

  it('gives the bytes of a fresh signature when it signs the same body again, alternating bodies included', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const fresh = (text: string) => hex(seeded(9, 0).sign(encode(text)));
    const key = seeded(9, 0);
    const first = key.sign(encode('body one'));
    first.fill(0); // a caller changing its copy must not change the next answer
    for (const text of ['body one', 'body one', 'body two', 'body one', 'body two']) {
      const der = key.sign(encode(text));
      expect(hex(der)).toBe(fresh(text));
      const verifier = createPublicKey({
        key: Buffer.from(key.publicKeyDer),
        format: 'der',
        type: 'spki',
      });
      expect(nodeVerify('sha256', encode(text), verifier, der)).toBe(true);
    }
    expect(fresh('body one')).not.toBe(fresh('body two'));
  });

  it('writes SPKI and ECPrivateKey DER that node:crypto reads back', () => {
    const key = seeded(1, 0);
    const publicJwk = createPublicKey({
      key: Buffer.from(key.publicKeyDer),
      format: 'der',
      type: 'spki',
    }).export({ format: 'jwk' });
    const privateJwk = createPrivateKey({
      key: Buffer.from(key.privateKeyDer),
      format: 'der',
      type: 'sec1',
    }).export({ format: 'jwk' });

    expect(key.publicKeyDer).toHaveLength(91);
    expect(key.privateKeyDer).toHaveLength(121);
    expect(Buffer.from(publicJwk.x ?? '', 'base64url').toString('hex')).toBe(
      hex(key.publicKey.subarray(1, 33)),
    );
    expect(Buffer.from(privateJwk.d ?? '', 'base64url').toString('hex')).toBe(
      hex(key.privateKey),
    );
  });

  it('computes the public half only when first used', () => {
    const key = seeded(5, 0);
    expect(key.isDerived).toBe(false);
    expect(key.publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
    expect(key.isDerived).toBe(true);
  });

  it('refuses bytes that are not a P-256 scalar', () => {
    expect(() => DeviceKey.fromPrivateKey(new Uint8Array(32))).toThrow(IdentityError);
    expect(() => DeviceKey.fromPrivateKey(new Uint8Array(31).fill(1))).toThrow(
      'Failed to use the provided private key: 31 bytes are not a valid P-256 scalar.',
    );
  });
});
