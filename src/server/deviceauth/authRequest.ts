import { badRequest } from '../http/errors.ts';
import {
  parseDevicePublicKey,
  PublicKeyError,
  type DevicePublicKey,
} from '../crypto/publicKeys.ts';
import { bodyText } from '../http/body.ts';

/** An auth request body, checked and normalised as deviceauth does. */
export interface AuthRequest {
  readonly identity: Record<string, unknown>;
  /** id_data with keys sorted, compact: how the device is recognised. */
  readonly identityKey: string;
  readonly publicKey: DevicePublicKey;
  readonly tenantToken: string;
  readonly tier?: string;
}

/**
 * Reads `{"id_data": "<json>", "pubkey": "<pem>", "tenant_token"?, "tier"?}`.
 * Bodies that are not that shape are a 400, before anything else is looked at.
 */
export function parseAuthRequest(body: Uint8Array): AuthRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText(body));
  } catch (error) {
    throw badRequest(`failed to decode auth request: ${describe(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('failed to decode auth request: body is not a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  for (const name of ['id_data', 'pubkey', 'tenant_token', 'tier']) {
    const value = fields[name];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw badRequest(
        `failed to decode auth request: ${name} must be a string, not ${typeof value}`,
      );
    }
  }
  const idData = (fields['id_data'] as string | undefined) ?? '';
  const pubkey = (fields['pubkey'] as string | undefined) ?? '';
  if (idData === '') throw badRequest('invalid auth request: id_data: cannot be blank.');
  if (pubkey === '') throw badRequest('invalid auth request: pubkey: cannot be blank.');
  const identity = parseIdentityData(idData);
  let publicKey: DevicePublicKey;
  try {
    publicKey = parseDevicePublicKey(pubkey);
  } catch (error) {
    if (error instanceof PublicKeyError) {
      throw badRequest(
        `invalid auth request: cannot decode public key: ${error.message}`,
      );
    }
    throw error;
  }
  const tier = fields['tier'];
  return {
    identity,
    identityKey: normalizeIdentity(identity),
    publicKey,
    tenantToken: (fields['tenant_token'] as string | undefined) ?? '',
    ...(typeof tier === 'string' && tier !== '' ? { tier } : {}),
  };
}

/** id_data must hold a JSON object; deviceauth refuses anything else. */
export function parseIdentityData(idData: string): Record<string, unknown> {
  let identity: unknown;
  try {
    identity = JSON.parse(idData);
  } catch (error) {
    throw badRequest(
      `invalid auth request: failed to parse identity data: ${describe(error)}`,
    );
  }
  if (typeof identity !== 'object' || identity === null || Array.isArray(identity)) {
    throw badRequest('invalid auth request: identity data must be a JSON object');
  }
  return identity as Record<string, unknown>;
}

/**
 * The identity with object keys sorted at every level and no whitespace:
 * what Go's `json.Marshal` of a decoded map gives, so that two devices
 * sending the same identity in a different key order are one device.
 */
export function normalizeIdentity(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  // No prototype: a key named `__proto__` stays a key, as it is in Go.
  const sorted = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
