import { p256 } from '@noble/curves/nist.js';
import { equalBytes } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';

import type { SeededRandom } from '../../sim/index.ts';
import { bytesToBase64, toPem } from './encoding.ts';
import { IdentityError } from './errors.ts';
import { ecPrivateKeyDer, spkiDer } from './keyEncoding.ts';

const DIGEST_BYTES = 32;

/** Seed bytes per key: 48 bytes reduce to a P-256 scalar with negligible bias. */
const SEED_BYTES = p256.lengths.seed ?? 48;

interface PublicParts {
  readonly point: Uint8Array;
  readonly spki: Uint8Array;
  readonly pem: string;
}

/**
 * A device's ECDSA P-256 key pair, the kind mender-mcu generates on first
 * boot. The private scalar is fixed when the key is made; the public key
 * (a point multiplication, about 0.7 ms) is computed on first use, so a
 * fleet of thousands can be created without paying for keys devices have
 * not used yet.
 */
export class DeviceKey {
  private publicParts: PublicParts | undefined;
  /**
   * The digest last signed (32 bytes) followed by its DER signature, in one
   * array to keep it small. A device re-authenticates with the same body
   * every time (same identity, key, tenant token and tier), and RFC 6979
   * makes the signature a function of key and digest, so the bytes are
   * reused instead of recomputed: about 0.5 ms saved per re-authentication.
   */
  private lastSigned: Uint8Array | undefined;

  private constructor(
    /** The 32-byte private scalar, big-endian. */
    readonly privateKey: Uint8Array,
  ) {}

  /**
   * The key whose scalar is drawn from `random`. Pass a stream forked for
   * this key alone (see {@link deviceKeyStreamLabel}); a new fork label gives a
   * new key, which is what recommissioning means.
   */
  static derive(random: SeededRandom): DeviceKey {
    const seed = random.bytes(SEED_BYTES);
    return new DeviceKey(p256.utils.randomSecretKey(seed));
  }

  /**
   * A key from a known private scalar, as with the app's
   * `get_user_provided_keys` callback (P-256 keys only here).
   *
   * @throws IdentityError `INVALID_KEY` when the bytes are no valid P-256 scalar
   */
  static fromPrivateKey(privateKey: Uint8Array): DeviceKey {
    if (!p256.utils.isValidSecretKey(privateKey)) {
      throw new IdentityError(
        'INVALID_KEY',
        `Failed to use the provided private key: ${privateKey.length} bytes are not a ` +
          'valid P-256 scalar. Give 32 bytes, big-endian, between 1 and the curve order.',
      );
    }
    return new DeviceKey(Uint8Array.from(privateKey));
  }

  /** Whether the public half has been computed yet (it is on first use). */
  get isDerived(): boolean {
    return this.publicParts !== undefined;
  }

  private get parts(): PublicParts {
    if (this.publicParts === undefined) {
      const point = p256.getPublicKey(this.privateKey, false);
      const spki = spkiDer(point);
      this.publicParts = { point, spki, pem: toPem('PUBLIC KEY', spki) };
    }
    return this.publicParts;
  }

  /** The public key as an uncompressed point, 65 bytes starting with 04. */
  get publicKey(): Uint8Array {
    return this.parts.point;
  }

  /** SubjectPublicKeyInfo DER, as stored in NVS record 2. */
  get publicKeyDer(): Uint8Array {
    return this.parts.spki;
  }

  /** The public key PEM exactly as it goes into the auth body's `pubkey`. */
  get publicKeyPem(): string {
    return this.parts.pem;
  }

  /** ECPrivateKey DER, as stored in NVS record 1. */
  get privateKeyDer(): Uint8Array {
    return ecPrivateKeyDer(this.privateKey, this.publicKey);
  }

  /**
   * ECDSA over SHA-256 of `message`, DER-encoded. The nonce follows RFC 6979,
   * so the same key and message always give the same bytes and a replay
   * is identical. `s` is left as computed, not folded into the low half,
   * like mbedTLS; verifiers must accept either half (Go and WebCrypto do).
   */
  sign(message: Uint8Array): Uint8Array {
    const digest = sha256(message);
    const last = this.lastSigned;
    if (last !== undefined && equalBytes(last.subarray(0, DIGEST_BYTES), digest)) {
      return last.slice(DIGEST_BYTES);
    }
    const der = p256.sign(digest, this.privateKey, {
      format: 'der',
      lowS: false,
      prehash: false,
    });
    const remembered = new Uint8Array(DIGEST_BYTES + der.length);
    remembered.set(digest);
    remembered.set(der, DIGEST_BYTES);
    this.lastSigned = remembered;
    return der;
  }

  /** {@link sign} in standard base64, the form of the `X-MEN-Signature` header. */
  signBase64(message: Uint8Array): string {
    return bytesToBase64(this.sign(message));
  }
}

/**
 * The fork label for a device's key stream. Generation 0 is the key made at
 * first boot; each recommissioning moves to the next generation.
 *
 * @example
 * const key = DeviceKey.derive(kernel.random.fork(deviceKeyStreamLabel('device-7', 0)));
 */
export function deviceKeyStreamLabel(deviceId: string, generation: number): string {
  return `device-key/${deviceId}/${generation}`;
}
