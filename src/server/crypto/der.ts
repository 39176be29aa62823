/** One DER element: its tag, and where its contents lie in the buffer. */
interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/** Thrown for bytes that are not the DER structure expected. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

const TAG_SEQUENCE = 0x30;
const TAG_OID = 0x06;
const TAG_BIT_STRING = 0x03;
const TAG_INTEGER = 0x02;

function readElement(bytes: Uint8Array, offset: number, limit: number): DerElement {
  if (offset + 2 > limit) throw new DerError('truncated DER element');
  const tag = bytes[offset] as number;
  let length = bytes[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4)
      throw new DerError('unsupported DER length');
    length = 0;
    for (let index = 0; index < lengthBytes; index++) {
      length = length * 256 + (bytes[start + index] as number);
    }
    start += lengthBytes;
  }
  const end = start + length;
  if (end > limit) throw new DerError('DER element runs past its parent');
  return { tag, start, end };
}

function expectTag(element: DerElement, tag: number, what: string): void {
  if (element.tag !== tag) throw new DerError(`expected ${what}`);
}

function decodeOid(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (let index = 1; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The parts of an X.509 SubjectPublicKeyInfo that key handling needs. */
export interface SubjectPublicKeyInfo {
  /** Dotted OID of the key algorithm. */
  readonly algorithm: string;
  /** Dotted OID of the parameters (the named curve of an EC key), if any. */
  readonly parameters?: string;
  /** The key bytes from the BIT STRING, without the unused-bits byte. */
  readonly publicKey: Uint8Array;
}

/**
 * Reads `SEQUENCE { SEQUENCE { OID, params }, BIT STRING }`, the "PUBLIC
 * KEY" PEM body, as Go's `x509.ParsePKIXPublicKey` expects it.
 */
export function readSubjectPublicKeyInfo(der: Uint8Array): SubjectPublicKeyInfo {
  const outer = readElement(der, 0, der.length);
  expectTag(outer, TAG_SEQUENCE, 'a SEQUENCE');
  if (outer.end !== der.length) throw new DerError('trailing bytes after the key');
  const algorithmBlock = readElement(der, outer.start, outer.end);
  expectTag(algorithmBlock, TAG_SEQUENCE, 'an algorithm identifier');
  const algorithmOid = readElement(der, algorithmBlock.start, algorithmBlock.end);
  expectTag(algorithmOid, TAG_OID, 'an algorithm OID');
  let parameters: string | undefined;
  if (algorithmOid.end < algorithmBlock.end) {
    const parameterElement = readElement(der, algorithmOid.end, algorithmBlock.end);
    if (parameterElement.tag === TAG_OID) {
      parameters = decodeOid(der.subarray(parameterElement.start, parameterElement.end));
    }
  }
  const keyBits = readElement(der, algorithmBlock.end, outer.end);
  expectTag(keyBits, TAG_BIT_STRING, 'a BIT STRING');
  if (der[keyBits.start] !== 0) throw new DerError('key BIT STRING has unused bits');
  return {
    algorithm: decodeOid(der.subarray(algorithmOid.start, algorithmOid.end)),
    ...(parameters !== undefined ? { parameters } : {}),
    publicKey: der.slice(keyBits.start + 1, keyBits.end),
  };
}

/**
 * Checks the PKCS#1 `RSAPublicKey` in an RSA key's BIT STRING, as Go's
 * x509 does: `SEQUENCE { INTEGER modulus, INTEGER exponent }`, both positive.
 */
export function checkRsaPublicKey(key: Uint8Array): void {
  const sequence = readElement(key, 0, key.length);
  expectTag(sequence, TAG_SEQUENCE, 'an RSAPublicKey SEQUENCE');
  if (sequence.end !== key.length)
    throw new DerError('trailing data after RSA public key');
  const modulus = readElement(key, sequence.start, sequence.end);
  expectTag(modulus, TAG_INTEGER, 'an RSA modulus INTEGER');
  const exponent = readElement(key, modulus.end, sequence.end);
  expectTag(exponent, TAG_INTEGER, 'an RSA exponent INTEGER');
  if (!isPositive(key.subarray(modulus.start, modulus.end))) {
    throw new DerError('RSA modulus is not a positive number');
  }
  if (!isPositive(key.subarray(exponent.start, exponent.end))) {
    throw new DerError('RSA public exponent is not a positive number');
  }
}

/** A two's-complement DER INTEGER above zero. */
function isPositive(integer: Uint8Array): boolean {
  if (integer.length === 0 || ((integer[0] as number) & 0x80) !== 0) return false;
  return integer.some((byte) => byte !== 0);
}
