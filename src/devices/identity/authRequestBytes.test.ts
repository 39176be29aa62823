import { createECDH, createPublicKey, verify } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { base64ToBytes } from './encoding.ts';
import { buildAuthRequest } from './authRequest.ts';
import { DeviceKey } from './deviceKey.ts';

/** The private key of RFC 6979's P-256 example, used here as a fixed device key. */
const PRIVATE_KEY_HEX =
  'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721';

/** The public key PEM computed by node:crypto alone, without our code. */
function pemFromNode(privateKeyHex: string): string {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKeyHex, 'hex'));
  const point = ecdh.getPublicKey();
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  });
  return String(pem);
}

describe('auth-request-bytes', () => {
  const key = DeviceKey.fromPrivateKey(Buffer.from(PRIVATE_KEY_HEX, 'hex'));
  const built = buildAuthRequest({
    serverHost: 'https://hosted.mender.io',
    identity: { name: 'mac', value: '02:00:00:00:00:01' },
    key,
    tenantToken: 'tenant-token-123',
    tier: 'micro',
  });

  it('sends the body field by field as the reference describes it', () => {
    // node:crypto ends its PEM with a newline; the client sends none after END.
    const pem = pemFromNode(PRIVATE_KEY_HEX).replace(/\n$/, '');
    const pemLines = pem.split('\n');
    expect(pemLines[0]).toBe('-----BEGIN PUBLIC KEY-----');
    expect(pemLines.slice(1, -2).every((line) => line.length === 64)).toBe(true);
    expect(pemLines.at(-1)).toBe('-----END PUBLIC KEY-----');

    const expected =
      '{"id_data":"{\\"mac\\":\\"02:00:00:00:00:01\\"}",' +
      `"pubkey":"${pem.split('\n').join('\\n')}",` +
      '"tenant_token":"tenant-token-123",' +
      '"tier":"micro"}';
    expect(built.body).toBe(expected);
    expect(new TextDecoder().decode(built.request.body)).toBe(expected);
    expect(built.body.endsWith('\n')).toBe(false);
  });

  it('sends the headers in wire order with the default client and Zephyr versions', () => {
    expect(built.request.method).toBe('POST');
    expect(built.request.url).toBe(
      'https://hosted.mender.io/api/devices/v1/authentication/auth_requests',
    );
    expect(built.request.headers).toEqual([
      ['Host', 'hosted.mender.io'],
      ['User-Agent', 'Mender/1.0.0 MCU Zephyr/4.2.0'],
      ['X-MEN-Signature', built.signature],
      ['Content-Type', 'application/json'],
      ['Content-Length', String(built.request.body.length)],
    ]);
  });

  it('carries a DER signature that node:crypto verifies with the PEM in the body', () => {
    const pubkey = (JSON.parse(built.body) as { pubkey: string }).pubkey;
    const signature = base64ToBytes(built.signature);

    expect(signature[0]).toBe(0x30);
    expect(
      verify(
        'sha256',
        built.request.body,
        { key: pubkey, dsaEncoding: 'der' },
        signature,
      ),
    ).toBe(true);
    // One letter of the tier changed: the signature must no longer match.
    const tampered = new TextEncoder().encode(built.body.replace('"micro"', '"micrO"'));
    expect(
      verify('sha256', tampered, { key: pubkey, dsaEncoding: 'der' }, signature),
    ).toBe(false);
  });

  it('signs the same body with the same bytes every time', () => {
    const again = buildAuthRequest({
      serverHost: 'https://hosted.mender.io',
      identity: { name: 'mac', value: '02:00:00:00:00:01' },
      key: DeviceKey.fromPrivateKey(Buffer.from(PRIVATE_KEY_HEX, 'hex')),
      tenantToken: 'tenant-token-123',
      tier: 'micro',
    });
    expect(again.signature).toBe(built.signature);
  });
});
