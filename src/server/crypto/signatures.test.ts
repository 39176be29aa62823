import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';

import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';

import { utf8 } from '../../sim/index.ts';
import { p256Key } from '../testing/testDevice.ts';
import { encodeBase64 } from './base64.ts';
import { parseDevicePublicKey } from './publicKeys.ts';
import { verifyAuthRequestSignature } from './signatures.ts';

const body = utf8('{"id_data":"{\\"mac\\":\\"02:00:00:00:00:01\\"}","pubkey":"..."}');
const altered = utf8('{"id_data":"{\\"mac\\":\\"02:00:00:00:00:02\\"}","pubkey":"..."}');

describe('verifyAuthRequestSignature', () => {
  it('verifies RSA PKCS#1 v1.5 over SHA-256', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = parseDevicePublicKey(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    expect(key.type).toBe('rsa');
    const signature = nodeSign('sha256', body, privateKey).toString('base64');
    expect(await verifyAuthRequestSignature(key, signature, body)).toBe(true);
    expect(await verifyAuthRequestSignature(key, signature, altered)).toBe(false);
  });

  it('verifies pure Ed25519 over the raw body', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key = parseDevicePublicKey(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    expect(key.type).toBe('ed25519');
    const signature = nodeSign(null, body, privateKey).toString('base64');
    expect(await verifyAuthRequestSignature(key, signature, body)).toBe(true);
    expect(await verifyAuthRequestSignature(key, signature, altered)).toBe(false);
  });

  it('verifies ECDSA P-384 over SHA-256 with a DER signature', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const key = parseDevicePublicKey(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    expect(key.type).toBe('ecdsa-p384');
    const signature = nodeSign('sha256', body, privateKey).toString('base64');
    expect(await verifyAuthRequestSignature(key, signature, body)).toBe(true);
  });

  it('accepts a high-S ECDSA signature, as Go does, and refuses raw r‖s', async () => {
    const { secret, pem } = p256Key(3);
    const key = parseDevicePublicKey(pem);
    const low = p256.Signature.fromBytes(
      p256.sign(sha256(body), secret, { prehash: false }),
      'compact',
    );
    const high = new p256.Signature(low.r, p256.Point.CURVE().n - low.s);
    expect(
      await verifyAuthRequestSignature(key, encodeBase64(high.toBytes('der')), body),
    ).toBe(true);
    expect(
      await verifyAuthRequestSignature(key, encodeBase64(low.toBytes('compact')), body),
    ).toBe(false);
  });

  it('refuses signatures that are not standard base64', async () => {
    const { secret, pem } = p256Key(3);
    const key = parseDevicePublicKey(pem);
    const der = encodeBase64(
      p256.sign(sha256(body), secret, { prehash: false, format: 'der' }),
    );
    expect(await verifyAuthRequestSignature(key, der, body)).toBe(true);
    expect(await verifyAuthRequestSignature(key, der.replace(/=+$/, ''), body)).toBe(
      der.endsWith('=') ? false : true,
    );
    expect(
      await verifyAuthRequestSignature(
        key,
        der.replace(/\+/g, '-').replace(/\//g, '_') + ' ',
        body,
      ),
    ).toBe(false);
  });

  it('normalises the PEM as Go re-encodes it', () => {
    const { pem } = p256Key(3);
    const reflowed = pem.replace(/\n(?!-----END)/g, '\r\n');
    const key = parseDevicePublicKey(reflowed);
    expect(key.normalizedPem).toBe(`${pem}\n`);
    expect(() =>
      parseDevicePublicKey(pem.replace('PUBLIC KEY', 'RSA PUBLIC KEY')),
    ).toThrow();
  });
});
