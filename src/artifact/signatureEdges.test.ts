/**
 * Signature edge cases: where a failed RSA check points, and public keys
 * whose DER is not quite right (Go's x509 parser refuses them, so
 * `mender-artifact validate -k` could not use them either).
 */
import { webcrypto } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ArtifactError } from './errors.ts';
import { ArtifactReader } from './reader.ts';
import { parsePublicKey } from './signature.ts';
import { craftArtifact, text } from './testing/craft.ts';
import { outerMembers } from './testing/outcome.ts';

async function rsaKeyPair() {
  return webcrypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
}

async function ecPublicKeyDer(): Promise<Uint8Array> {
  const pair = await webcrypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign', 'verify'],
  );
  return new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
}

describe('an RSA signature that does not verify', () => {
  it('is reported at manifest.sig’s place in the artifact', async () => {
    const pair = await rsaKeyPair();
    const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
    const wrongSignature = btoa(String.fromCharCode(...new Uint8Array(256).fill(7)));
    const bytes = craftArtifact({
      afterManifest: [{ name: 'manifest.sig', data: text(wrongSignature) }],
    });
    const at = outerMembers(bytes).find((member) => member.name === 'manifest.sig');
    const reader = new ArtifactReader({ mode: 'server', publicKey: spki });
    reader.push(bytes);
    expect(() => reader.end()).toThrow(
      expect.objectContaining({ code: 'signature-needs-async', offset: at?.header }),
    );
    await expect(reader.endAsync()).rejects.toMatchObject({
      code: 'signature-invalid',
      member: 'manifest.sig',
      offset: at?.header,
    });
  });
});

describe('a P-256 public key', () => {
  it('is read from well-formed DER', async () => {
    expect(parsePublicKey(await ecPublicKeyDer()).algorithm).toBe('ecdsa-p256');
  });

  it('is refused with bytes after its DER', async () => {
    const der = await ecPublicKeyDer();
    const padded = new Uint8Array([...der, 0]);
    expect(() => parsePublicKey(padded)).toThrow(ArtifactError);
  });

  it('is refused when its outer length leaves bytes out', async () => {
    const der = await ecPublicKeyDer();
    der[1] = (der[1] as number) - 1;
    expect(() => parsePublicKey(der)).toThrow(
      expect.objectContaining({ code: 'signature-key-invalid' }),
    );
  });

  it('is refused when its bit string claims unused bits', async () => {
    const der = await ecPublicKeyDer();
    // The BIT STRING's unused-bits byte sits just before the 65-byte point.
    der[der.length - 66] = 1;
    expect(() => parsePublicKey(der)).toThrow(
      expect.objectContaining({ code: 'signature-key-invalid' }),
    );
  });
});
