import { badRequest } from '../http/errors.ts';
import {
  parseDevicePublicKey,
  PublicKeyError,
  type DevicePublicKey,
} from '../crypto/publicKeys.ts';
import { bodyText, checkJsonDepth, goFields } from '../http/body.ts';

const AUTH_REQUEST_FIELDS = ['id_data', 'pubkey', 'tenant_token', 'tier'];

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
  const text = bodyText(body);
  checkJsonDepth(text, 'failed to decode auth request');
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`failed to decode auth request: ${describe(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('failed to decode auth request: body is not a JSON object');
  }
  const fields = goFields(parsed as Record<string, unknown>, AUTH_REQUEST_FIELDS);
  for (const name of AUTH_REQUEST_FIELDS) {
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
  checkJsonDepth(idData, 'invalid auth request: failed to parse identity data');
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
  if (nestingDepth(value) > MAX_IDENTITY_DEPTH) {
    throw badRequest(
      `identity data nests deeper than ${MAX_IDENTITY_DEPTH} levels, which this mock server cannot keep (the real one reads up to 10000): flatten it`,
    );
  }
  return JSON.stringify(sortKeys(value));
}

/**
 * How deep identity data may nest here. Go keeps up to 10000 levels; the
 * mock stores, clones and serialises identities recursively, which a
 * JavaScript stack cannot do that deep, so it refuses earlier (a visible
 * deviation; real identities are flat).
 */
export const MAX_IDENTITY_DEPTH = 100;

/** Levels of objects and arrays in a parsed JSON value, counted without recursion. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [node, depth] = entry;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_IDENTITY_DEPTH) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function sortKeys(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  // No prototype: a key named `__proto__` stays a key, as it is in Go.
  const sorted = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    sorted[wellFormed(key)] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/** Go decodes a lone surrogate (`"\ud800"`) as U+FFFD; so does the identity key. */
function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\ufffd');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
