import { p256, p384, p521 } from '@noble/curves/nist.js';

import { checkRsaPublicKey, DerError, readSubjectPublicKeyInfo } from './der.ts';
import { decodeStrictBase64, encodeBase64 } from './base64.ts';

/** The device key types deviceauth verifies auth requests with. */
export type DeviceKeyType =
  'rsa' | 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const OID_ED25519 = '1.3.101.112';
const EC_CURVES: Readonly<Record<string, DeviceKeyType>> = {
  '1.2.840.10045.3.1.7': 'ecdsa-p256',
  '1.3.132.0.34': 'ecdsa-p384',
  '1.3.132.0.35': 'ecdsa-p521',
};

/** A device public key, parsed from the `pubkey` PEM of an auth request. */
export interface DevicePublicKey {
  readonly type: DeviceKeyType;
  /** The whole SubjectPublicKeyInfo, for WebCrypto's `spki` import. */
  readonly spki: Uint8Array;
  /** The raw key (EC point or Ed25519 bytes); RSA uses `spki`. */
  readonly raw: Uint8Array;
  /**
   * The key re-encoded as Go's `pem.EncodeToMemory` writes it (64-character
   * lines, trailing newline): the form deviceauth stores and compares.
   */
  readonly normalizedPem: string;
}

/** Why a `pubkey` is not one deviceauth accepts. */
export class PublicKeyError extends Error {
  override readonly name = 'PublicKeyError';
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/**
 * Parses a PEM "PUBLIC KEY" the way deviceauth does (first PEM block, PKIX
 * body) and returns its type and normalised form.
 */
export function parseDevicePublicKey(pem: string): DevicePublicKey {
  const known = parsedKeys.get(pem);
  if (known !== undefined) return known;
  const key = parseUncached(pem);
  if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
  parsedKeys.set(pem, key);
  return key;
}

/**
 * Keys already parsed and checked, by PEM: a fleet signs in again and again
 * with the same keys, and the EC point check costs tens of microseconds.
 */
const parsedKeys = new Map<string, DevicePublicKey>();
const MAX_PARSED_KEYS = 4096;

function parseUncached(pem: string): DevicePublicKey {
  const block = PEM_BLOCK.exec(pem);
  if (block === null) throw new PublicKeyError('failed to decode PEM block');
  if (block[1] !== 'PUBLIC KEY') {
    throw new PublicKeyError(`unexpected PEM block type "${block[1]}"`);
  }
  const der = decodeStrictBase64((block[2] ?? '').replace(/\s+/g, ''));
  if (der === undefined) throw new PublicKeyError('PEM body is not base64');
  let info;
  try {
    info = readSubjectPublicKeyInfo(der);
  } catch (error) {
    if (error instanceof DerError)
      throw new PublicKeyError(`bad public key: ${error.message}`);
    throw error;
  }
  const type = keyType(info.algorithm, info.parameters);
  checkKeyBytes(type, info.publicKey);
  return {
    type,
    spki: der,
    raw: info.publicKey,
    normalizedPem: toPem(der),
  };
}

function keyType(algorithm: string, parameters: string | undefined): DeviceKeyType {
  if (algorithm === OID_RSA) return 'rsa';
  if (algorithm === OID_ED25519) return 'ed25519';
  if (algorithm === OID_EC) {
    const curve = parameters === undefined ? undefined : EC_CURVES[parameters];
    if (curve !== undefined) return curve;
    throw new PublicKeyError(`unsupported elliptic curve ${parameters ?? '(none)'}`);
  }
  throw new PublicKeyError(`unsupported key algorithm ${algorithm}`);
}

const EC_POINT_CHECKS = {
  'ecdsa-p256': { curve: p256, bytes: 65 },
  'ecdsa-p384': { curve: p384, bytes: 97 },
  'ecdsa-p521': { curve: p521, bytes: 133 },
} as const;

/**
 * The checks Go's x509 makes of the key itself: an Ed25519 key is 32 bytes,
 * an EC key an uncompressed point on its curve, an RSA key a positive
 * modulus and exponent.
 */
function checkKeyBytes(type: DeviceKeyType, key: Uint8Array): void {
  if (type === 'ed25519') {
    if (key.length !== 32)
      throw new PublicKeyError('x509: wrong Ed25519 public key size');
    return;
  }
  if (type === 'rsa') {
    try {
      checkRsaPublicKey(key);
    } catch (error) {
      if (error instanceof DerError) throw new PublicKeyError(`x509: ${error.message}`);
      throw error;
    }
    return;
  }
  const { curve, bytes } = EC_POINT_CHECKS[type];
  let onCurve = key.length === bytes && key[0] === 0x04;
  if (onCurve) {
    try {
      curve.Point.fromBytes(key).assertValidity();
    } catch {
      onCurve = false;
    }
  }
  if (!onCurve)
    throw new PublicKeyError('x509: failed to unmarshal elliptic curve point');
}

/** DER bytes as a "PUBLIC KEY" PEM with 64-character lines and a final newline. */
export function toPem(der: Uint8Array): string {
  const base64 = encodeBase64(der);
  const lines: string[] = [];
  for (let index = 0; index < base64.length; index += 64)
    lines.push(base64.slice(index, index + 64));
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
