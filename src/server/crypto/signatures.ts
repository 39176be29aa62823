import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { decodeStrictBase64 } from './base64.ts';
import type { DevicePublicKey } from './publicKeys.ts';

const CURVES = { 'ecdsa-p256': p256, 'ecdsa-p384': p384, 'ecdsa-p521': p521 } as const;

/** RSA keys imported into WebCrypto, kept because imports are slow. */
const importedRsaKeys = new Map<string, Promise<CryptoKey>>();
const MAX_IMPORTED_RSA_KEYS = 1024;

/**
 * Checks `X-MEN-Signature` against the exact body bytes, as deviceauth's
 * `VerifyAuthReqSign` does: ECDSA over SHA-256 with an ASN.1 DER signature
 * (raw r‖s is refused), RSA PKCS#1 v1.5 over SHA-256, and pure Ed25519 over
 * the body. EC and Ed25519 answer synchronously; RSA goes through WebCrypto.
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
        // Go verifies the SHA-256 digest whatever the curve, and accepts high-S.
        return CURVES[key.type].verify(signature, sha256(body), key.raw, {
          prehash: false,
          format: 'der',
          lowS: false,
        });
      case 'rsa':
        return verifyRsa(key, signature, body);
    }
  } catch {
    return false;
  }
}

async function verifyRsa(
  key: DevicePublicKey,
  signature: Uint8Array,
  body: Uint8Array,
): Promise<boolean> {
  let imported = importedRsaKeys.get(key.normalizedPem);
  if (imported === undefined) {
    if (importedRsaKeys.size >= MAX_IMPORTED_RSA_KEYS) importedRsaKeys.clear();
    imported = crypto.subtle.importKey(
      'spki',
      key.spki.slice(),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    importedRsaKeys.set(key.normalizedPem, imported);
  }
  try {
    return await crypto.subtle.verify(
      'RSASSA-PKCS1-v1_5',
      await imported,
      signature.slice(),
      body.slice(),
    );
  } catch {
    return false;
  }
}
