import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { decodeStrictBase64 } from './base64.ts';
import type { DevicePublicKey } from './publicKeys.ts';

const CURVES = {
  'ecdsa-p256': { curve: p256, namedCurve: 'P-256' },
  'ecdsa-p384': { curve: p384, namedCurve: 'P-384' },
  'ecdsa-p521': { curve: p521, namedCurve: 'P-521' },
} as const;

/** Keys imported into WebCrypto, kept because an import costs more than a verify. */
const importedKeys = new Map<string, Promise<CryptoKey>>();
const MAX_IMPORTED_KEYS = 4096;

/**
 * WebCrypto, where the page has it (a secure origin, or Node). Without it
 * EC and Ed25519 fall back to @noble/curves, which is slower but the same.
 */
const subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle;

/**
 * Checks `X-MEN-Signature` against the exact body bytes, as deviceauth's
 * `VerifyAuthReqSign` does: ECDSA over SHA-256 with an ASN.1 DER signature
 * (raw r‖s is refused; high-S is accepted, as Go does), RSA PKCS#1 v1.5 over
 * SHA-256, and pure Ed25519 over the body.
 */
export function verifyAuthRequestSignature(
  key: DevicePublicKey,
  signatureBase64: string,
  body: Uint8Array,
): boolean | Promise<boolean> {
  const signature = decodeStrictBase64(signatureBase64);
  if (signature === undefined) return false;
  try {
    switch (key.type) {
      case 'ed25519':
        return ed25519.verify(signature, body, key.raw, { zip215: false });
      case 'ecdsa-p256':
      case 'ecdsa-p384':
      case 'ecdsa-p521':
        return verifyEcdsa(key, key.type, signature, body);
      case 'rsa':
        if (subtle === undefined) return false;
        return verifyWithWebCrypto(
          key,
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          'RSASSA-PKCS1-v1_5',
          signature,
          body,
        );
    }
  } catch {
    return false;
  }
}

function verifyEcdsa(
  key: DevicePublicKey,
  type: keyof typeof CURVES,
  derSignature: Uint8Array,
  body: Uint8Array,
): boolean | Promise<boolean> {
  const { curve, namedCurve } = CURVES[type];
  // Strict DER first: anything else (raw r‖s included) is a failed verification.
  const parsed = curve.Signature.fromBytes(derSignature, 'der');
  if (subtle === undefined) {
    return curve.verify(parsed.toBytes('compact'), sha256(body), key.raw, {
      prehash: false,
      lowS: false,
    });
  }
  // Go verifies the SHA-256 digest whatever the curve; WebCrypto does the same here.
  return verifyWithWebCrypto(
    key,
    { name: 'ECDSA', namedCurve },
    { name: 'ECDSA', hash: 'SHA-256' },
    parsed.toBytes('compact'),
    body,
  );
}

async function verifyWithWebCrypto(
  key: DevicePublicKey,
  importAlgorithm: RsaHashedImportParams | EcKeyImportParams,
  verifyAlgorithm: AlgorithmIdentifier | EcdsaParams,
  signature: Uint8Array,
  body: Uint8Array,
): Promise<boolean> {
  const cacheKey = `${key.type}\n${key.normalizedPem}`;
  let imported = importedKeys.get(cacheKey);
  if (imported === undefined) {
    if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.clear();
    imported = subtle!.importKey('spki', key.spki.slice(), importAlgorithm, false, [
      'verify',
    ]);
    importedKeys.set(cacheKey, imported);
  }
  try {
    return await subtle!.verify(
      verifyAlgorithm,
      await imported,
      signature.slice(),
      body.slice(),
    );
  } catch {
    return false;
  }
}
