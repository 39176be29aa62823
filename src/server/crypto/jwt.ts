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
 * with jose's encoding helpers and signed with @noble/curves, synchronously,
 * because jose only signs asynchronously and the server must stay
 * synchronous on the device hot path. Ed25519 signatures are deterministic,
 * so a replay issues the same token bytes; tests check the tokens with
 * jose's `jwtVerify` as the outside referee.
 */
export class TokenKey {
  readonly publicKey: Uint8Array;

  constructor(private readonly secretKey: Uint8Array) {
    this.publicKey = ed25519.getPublicKey(secretKey);
  }

  sign(claims: MenderClaims | Readonly<Record<string, unknown>>): string {
    const signingInput = `${HEADER}.${base64url.encode(JSON.stringify(claims))}`;
    const signature = ed25519.sign(utf8(signingInput), this.secretKey);
    return `${signingInput}.${base64url.encode(signature)}`;
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
