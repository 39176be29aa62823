import { ed25519 } from '@noble/curves/ed25519.js';
import { base64url, decodeJwt } from 'jose';

import { utf8 } from '../../sim/index.ts';

/** The claims deviceauth and useradm put in their tokens (claims.go order). */
export interface MenderClaims {
  readonly jti: string;
  readonly sub: string;
  readonly iss: string;
  readonly 'mender.tenant'?: string;
  readonly exp: number;
  readonly iat: number;
  readonly 'mender.device'?: true;
  readonly 'mender.user'?: true;
  readonly 'mender.plan'?: string;
  readonly 'mender.trial'?: boolean;
}

/** golang-jwt's header for an EdDSA token, in its field order. */
const HEADER = base64url.encode(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));

/**
 * The server's token key: Ed25519, as deviceauth uses when configured with an
 * Ed25519 private key (its `EdDSA` handler). Tokens are compact JWS built
 * with jose's encoding helpers. jose signs only asynchronously, and the
 * server must be able to sign synchronously while it is being built, so the
 * signature comes from WebCrypto where it has Ed25519 (fast; auth requests
 * use it) or @noble/curves otherwise. Ed25519 signatures are deterministic:
 * both give the same bytes, so a replay issues the same tokens. Tests check
 * the tokens with jose's `jwtVerify` as the outside referee.
 */
export class TokenKey {
  readonly publicKey: Uint8Array;
  private webCryptoKey: Promise<CryptoKey | undefined> | undefined;

  constructor(private readonly secretKey: Uint8Array) {
    this.publicKey = ed25519.getPublicKey(secretKey);
  }

  /** Signs synchronously (@noble/curves): for the few tokens made at start-up. */
  sign(claims: MenderClaims | Readonly<Record<string, unknown>>): string {
    const signingInput = `${HEADER}.${base64url.encode(JSON.stringify(claims))}`;
    const signature = ed25519.sign(utf8(signingInput), this.secretKey);
    return `${signingInput}.${base64url.encode(signature)}`;
  }

  /** Signs with WebCrypto when it has Ed25519, else as `sign` does; same bytes either way. */
  async signAsync(
    claims: MenderClaims | Readonly<Record<string, unknown>>,
  ): Promise<string> {
    const key = await this.importedKey();
    if (key === undefined) return this.sign(claims);
    const signingInput = `${HEADER}.${base64url.encode(JSON.stringify(claims))}`;
    const data = utf8(signingInput) as Uint8Array<ArrayBuffer>;
    const signature = await crypto.subtle.sign('Ed25519', key, data);
    return `${signingInput}.${base64url.encode(new Uint8Array(signature))}`;
  }

  private importedKey(): Promise<CryptoKey | undefined> {
    this.webCryptoKey ??=
      globalThis.crypto?.subtle === undefined
        ? Promise.resolve(undefined)
        : crypto.subtle
            .importKey(
              'jwk',
              { ...this.publicJwk(), d: base64url.encode(this.secretKey) },
              { name: 'Ed25519' },
              false,
              ['sign'],
            )
            .catch(() => undefined);
    return this.webCryptoKey;
  }

  /**
   * The claims of a token this key signed, or undefined when the token is
   * malformed, uses another algorithm, or its signature does not verify.
   * Expiry and revocation are the caller's business.
   */
  verify(token: string): MenderClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    try {
      const signature = base64url.decode(parts[2] as string);
      const signed = utf8(`${parts[0]}.${parts[1]}`);
      if (!ed25519.verify(signature, signed, this.publicKey, { zip215: false })) {
        return undefined;
      }
      return decodeJwt(token) as unknown as MenderClaims;
    } catch {
      return undefined;
    }
  }

  /** The public key as a JWK, for verifying tokens with jose. */
  publicJwk(): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
    return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(this.publicKey) };
  }
}
