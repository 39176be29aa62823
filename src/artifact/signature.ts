/**
 * `manifest.sig`: base64 of a signature over the exact bytes of `manifest`.
 * ECDSA P-256 (raw r||s as mender-artifact writes it, or DER as HSMs do) is
 * verified synchronously with @noble/curves; RSA PKCS#1 v1.5 with SHA-256
 * needs WebCrypto, which is asynchronous.
 */
import { p256 } from '@noble/curves/nist.js';

import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import type { ArtifactSignature } from './types.ts';

/** A public key that can check artifact signatures. */
export interface ArtifactPublicKey {
  readonly algorithm: 'ecdsa-p256' | 'rsa';
  /** The SubjectPublicKeyInfo DER bytes. */
  readonly spki: Uint8Array;
  /** For ECDSA: the SEC1 point the key holds. */
  readonly point?: Uint8Array;
}

const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
const OID_PRIME256V1 = '2a8648ce3d030107';
const OID_RSA_ENCRYPTION = '2a864886f70d010101';

const KEY_LOCATION: ArtifactErrorLocation = { member: '', offset: 0 };

/**
 * Reads a public key from PEM text (`-----BEGIN PUBLIC KEY-----`) or DER
 * bytes (SubjectPublicKeyInfo), as `mender-artifact -k` takes it.
 */
export function parsePublicKey(key: string | Uint8Array): ArtifactPublicKey {
  const spki = typeof key === 'string' ? pemToDer(key) : key;
  try {
    const [algorithm, parameters, bitString] = readSpki(spki);
    if (algorithm === OID_RSA_ENCRYPTION) return { algorithm: 'rsa', spki };
    if (algorithm === OID_EC_PUBLIC_KEY && parameters === OID_PRIME256V1) {
      // The BIT STRING starts with a count of unused bits, which must be 0 for a point.
      if (bitString[0] !== 0) throw new Error('the key bits do not fill whole bytes');
      const point = bitString.subarray(1);
      p256.Point.fromBytes(point);
      return { algorithm: 'ecdsa-p256', spki, point };
    }
  } catch (error) {
    throw keyError('it is not a valid SubjectPublicKeyInfo', error);
  }
  throw keyError('only ECDSA P-256 and RSA keys sign Mender Artifacts');
}

/** Decodes the text of `manifest.sig`; undefined when it is not base64. */
export function decodeSignature(text: Uint8Array): Uint8Array | undefined {
  const base64 = new TextDecoder().decode(text).replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Verifies an ECDSA signature now; RSA keys go through `verifySignatureAsync`. */
export function verifyEcdsaSignature(
  key: ArtifactPublicKey,
  manifest: Uint8Array,
  signature: Uint8Array,
): ArtifactSignature {
  const format = signature.length === 64 ? 'compact' : 'der';
  const algorithm = format === 'compact' ? 'ecdsa-p256-raw' : 'ecdsa-p256-der';
  // Go's crypto/ecdsa does not normalise s, so high-s signatures are valid.
  const options = { format, lowS: false, prehash: true } as const;
  const verified = attempt(() =>
    p256.verify(signature, manifest, key.point as Uint8Array, options),
  );
  return { signed: true, verified, algorithm };
}

/** Verifies a signature with any supported key, using WebCrypto for RSA. */
export async function verifySignatureAsync(
  key: ArtifactPublicKey,
  manifest: Uint8Array,
  signature: Uint8Array,
): Promise<ArtifactSignature> {
  if (key.algorithm === 'ecdsa-p256') {
    return verifyEcdsaSignature(key, manifest, signature);
  }
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const subtle = globalThis.crypto.subtle;
  const verified = await subtle
    .importKey('spki', toBuffer(key.spki), algorithm, false, ['verify'])
    .then((cryptoKey) =>
      subtle.verify(algorithm, cryptoKey, toBuffer(signature), toBuffer(manifest)),
    )
    .catch(() => false);
  return { signed: true, verified, algorithm: 'rsa-pkcs1v15' };
}

/** A malformed signature is simply not a valid one. */
function attempt(verify: () => boolean): boolean {
  try {
    return verify();
  } catch {
    return false;
  }
}

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

function pemToDer(pem: string): Uint8Array {
  const match = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (match === null) {
    throw keyError('no "-----BEGIN PUBLIC KEY-----" block was found');
  }
  const der = decodeSignature(
    new TextEncoder().encode((match[1] ?? '').replace(/\s/g, '')),
  );
  if (der === undefined) throw keyError('the PEM body is not base64');
  return der;
}

function keyError(reason: string, cause?: unknown): ArtifactError {
  return new ArtifactError(
    'signature-key-invalid',
    `The verification key cannot be used: ${reason}. Give the PEM public key that ` +
      'matches the signing key (`openssl ec -pubout` or `openssl rsa -pubout`).',
    { ...KEY_LOCATION, cause },
  );
}

/** SubjectPublicKeyInfo ::= SEQUENCE { SEQUENCE { OID, params }, BIT STRING }. */
function readSpki(der: Uint8Array): [string, string | undefined, Uint8Array] {
  const outer = readTlv(der, 0, 0x30);
  // Go's x509 parser refuses bytes after the key, and so do we.
  if (outer.end !== der.length) throw new Error('bytes follow the key');
  const algorithm = readTlv(der, outer.start, 0x30);
  const oid = readTlv(der, algorithm.start, 0x06);
  let parameters: string | undefined;
  if (oid.end < algorithm.end && der[oid.end] === 0x06) {
    const curve = readTlv(der, oid.end, 0x06);
    parameters = hex(der.subarray(curve.start, curve.end));
  }
  const bits = readTlv(der, algorithm.end, 0x03);
  return [
    hex(der.subarray(oid.start, oid.end)),
    parameters,
    der.subarray(bits.start, bits.end),
  ];
}

function readTlv(
  der: Uint8Array,
  at: number,
  tag: number,
): { start: number; end: number } {
  if (der[at] !== tag) throw new Error(`expected DER tag ${tag} at ${at}`);
  let length = der[at + 1] ?? 0;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (der[start + i] ?? 0);
    start += count;
  }
  if (start + length > der.length) throw new Error('DER value runs past the end');
  return { start, end: start + length };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
