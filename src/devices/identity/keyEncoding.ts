/**
 * DER encodings of a P-256 key as the client stores them in NVS: the public
 * key as SubjectPublicKeyInfo (record 2), the private key as an RFC 5915
 * ECPrivateKey with the curve and public key included (record 1), which is
 * what mbedTLS writes for an EC key.
 */

/** id-ecPublicKey (1.2.840.10045.2.1). */
const EC_PUBLIC_KEY_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/** prime256v1 / secp256r1 (1.2.840.10045.3.1.7). */
const PRIME256V1_OID = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;

/** One DER element; every length here is below 128, so the short form suffices. */
function element(tag: number, content: readonly number[]): number[] {
  if (content.length > 127)
    throw new Error('DER long lengths are not needed for P-256 keys.');
  return [tag, content.length, ...content];
}

function checkLengths(publicKey: Uint8Array, privateKey?: Uint8Array): void {
  if (publicKey.length !== 65 || publicKey[0] !== 0x04) {
    throw new Error('Expected an uncompressed P-256 point (65 bytes starting with 04).');
  }
  if (privateKey !== undefined && privateKey.length !== 32) {
    throw new Error('Expected a 32-byte P-256 private scalar.');
  }
}

/** SubjectPublicKeyInfo DER (91 bytes) of an uncompressed P-256 public key. */
export function spkiDer(publicKey: Uint8Array): Uint8Array {
  checkLengths(publicKey);
  const algorithm = element(SEQUENCE, [...EC_PUBLIC_KEY_OID, ...PRIME256V1_OID]);
  const key = element(BIT_STRING, [0x00, ...publicKey]);
  return Uint8Array.from(element(SEQUENCE, [...algorithm, ...key]));
}

/** RFC 5915 ECPrivateKey DER (121 bytes) with parameters and public key. */
export function ecPrivateKeyDer(
  privateKey: Uint8Array,
  publicKey: Uint8Array,
): Uint8Array {
  checkLengths(publicKey, privateKey);
  const version = element(INTEGER, [0x01]);
  const scalar = element(OCTET_STRING, [...privateKey]);
  const parameters = element(0xa0, PRIME256V1_OID);
  const point = element(0xa1, element(BIT_STRING, [0x00, ...publicKey]));
  return Uint8Array.from(
    element(SEQUENCE, [...version, ...scalar, ...parameters, ...point]),
  );
}
