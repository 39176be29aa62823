import { ApiError, unauthorized } from '../http/errors.ts';
import type { ServerContext } from '../context.ts';
import type { MenderClaims } from '../crypto/jwt.ts';
import { DEFAULT_PLAN, DEVICE_TOKEN_LIFETIME_MS, TOKEN_ISSUER } from '../profile.ts';
import type { AuthSetRecord } from '../state.ts';

/** Who a valid device token belongs to. */
export interface AuthenticatedDevice {
  readonly deviceId: string;
  readonly authSetId: string;
  readonly tier: string | undefined;
}

const MAX_VERIFIED_TOKENS = 200_000;

/**
 * Device tokens: issuing, the gateway's check of every device call, and
 * revocation. Token strings already checked are remembered with their claims,
 * so the idle traffic of a fleet costs a map lookup, not a signature check;
 * expiry, revocation and the auth set's status are checked every time.
 */
export class DeviceTokens {
  private readonly verifiedTokens = new Map<string, MenderClaims>();
  /** The same, by the whole `Authorization` value the token came in. */
  private readonly verifiedHeaders = new Map<string, MenderClaims>();

  constructor(private readonly context: ServerContext) {}

  /**
   * A fresh token for an accepted auth set, with deviceauth's claims: `jti`
   * the auth set id, `sub` the device id, 7 days' lifetime, `mender.tenant`
   * when hosted. It is stored (replacing the previous one of the set).
   */
  async issue(authSet: AuthSetRecord): Promise<string> {
    const { state, clock, tokenKey } = this.context;
    const now = clock.now();
    const expiresAt = now + DEVICE_TOKEN_LIFETIME_MS;
    const claims: MenderClaims = {
      jti: authSet.id,
      sub: authSet.deviceId,
      iss: TOKEN_ISSUER,
      ...(state.tenant !== undefined ? { 'mender.tenant': state.tenant.id } : {}),
      exp: clock.toUnixSeconds(expiresAt),
      iat: clock.toUnixSeconds(now),
      'mender.device': true,
      'mender.plan': DEFAULT_PLAN,
      'mender.trial': false,
    };
    const token = await tokenKey.signAsync(claims);
    state.tokens[authSet.id] = {
      id: authSet.id,
      deviceId: authSet.deviceId,
      token,
      expiresAt,
    };
    this.rememberVerified(token, claims);
    return token;
  }

  private rememberVerified(token: string, claims: MenderClaims): void {
    if (this.verifiedTokens.size >= MAX_VERIFIED_TOKENS) this.verifiedTokens.clear();
    this.verifiedTokens.set(token, claims);
  }

  /**
   * The gateway's token check in front of every device API call. A missing
   * header gets deviceauth's JSON 401; any other failure (bad signature,
   * expired, revoked, auth set no longer accepted, device being
   * decommissioned) gets its bare 401 with no body.
   */
  authenticate(authorization: string | undefined): AuthenticatedDevice {
    // A device sends the same header string with every call: its claims are
    // found without cutting the token out of it again.
    let claims =
      authorization === undefined ? undefined : this.verifiedHeaders.get(authorization);
    if (claims === undefined) {
      const token = deviceTokenOf(authorization);
      if (token === undefined) throw unauthorized('Authorization not present in header');
      claims = this.verifiedTokens.get(token);
      if (claims === undefined) {
        claims = this.context.tokenKey.verify(token);
        if (claims === undefined || claims['mender.device'] !== true) {
          throw invalidToken();
        }
        this.rememberVerified(token, claims);
      }
      if (this.verifiedHeaders.size >= MAX_VERIFIED_TOKENS) this.verifiedHeaders.clear();
      this.verifiedHeaders.set(authorization!, claims);
    }
    const { state, clock } = this.context;
    const hasTenantClaim = claims['mender.tenant'] !== undefined;
    if (hasTenantClaim !== (state.tenant !== undefined)) throw invalidToken();
    if (claims.exp <= clock.toUnixSeconds(clock.now())) {
      delete state.tokens[claims.jti];
      throw invalidToken();
    }
    const authSet = state.authSets[claims.jti];
    if (state.tokens[claims.jti] === undefined || authSet?.status !== 'accepted') {
      throw invalidToken();
    }
    const device = state.devices[authSet.deviceId];
    if (device === undefined || device.decommissioning) throw invalidToken();
    device.checkInAt = clock.now();
    return { deviceId: device.id, authSetId: authSet.id, tier: device.tier };
  }

  /** `DELETE /api/management/v2/devauth/tokens/{id}`. */
  revoke(tokenId: string): void {
    if (this.context.state.tokens[tokenId] === undefined) {
      throw new ApiError(404, 'token not found', [], true);
    }
    delete this.context.state.tokens[tokenId];
  }

  /** Drops every token of a device (reject, dismiss, decommission). */
  deleteForDevice(deviceId: string): void {
    const { tokens } = this.context.state;
    for (const token of Object.values(tokens)) {
      if (token.deviceId === deviceId) delete tokens[token.id];
    }
  }
}

/**
 * The token deviceauth's verify handler takes from `Authorization`
 * (`extractToken`): the first "Bearer", then the first "bearer", is cut out
 * wherever it stands and the rest trimmed. So a bare token passes and
 * "BEARER x" is an invalid token. Undefined when the header is absent or empty.
 */
export function deviceTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization === '') return undefined;
  return authorization.replace('Bearer', '').replace('bearer', '').trim();
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.length <= 7) return undefined;
  const scheme = authorization.slice(0, 7);
  if (scheme !== 'Bearer ' && scheme.toLowerCase() !== 'bearer ') return undefined;
  return authorization.slice(7).trim();
}

function invalidToken(): ApiError {
  return new ApiError(401, 'token invalid', [], true);
}
