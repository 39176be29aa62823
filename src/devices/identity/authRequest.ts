import { utf8, type HttpRequest } from '../../sim/index.ts';
import type { DeviceKey } from './deviceKey.ts';
import { IdentityError } from './errors.ts';
import { identityDataJson, type DeviceIdentity } from './identity.ts';
import { clientRequestHeaders, type ClientBuildVersions } from './requestHeaders.ts';

/** Where the client asks for a token. */
export const AUTH_REQUESTS_PATH = '/api/devices/v1/authentication/auth_requests';

/** The tiers the real client accepts, compared exactly (no case folding, no spaces). */
const TIERS = new Set(['micro', 'standard']);

/** The fields of the auth body, before serialisation. */
export interface AuthBodyInput {
  readonly identity: DeviceIdentity;
  /** The PEM from {@link DeviceKey.publicKeyPem}. */
  readonly publicKeyPem: string;
  /** Left out of the body when null, undefined or empty, as the client does. */
  readonly tenantToken?: string | null;
  readonly tier: string;
}

/**
 * The auth body the client sends: `id_data` (the identity's JSON as a
 * string), `pubkey`, `tenant_token` only when there is one, and `tier`, in
 * that order, as compact JSON with no trailing newline. JSON.stringify
 * escapes exactly what cJSON's unformatted printer escapes for these values
 * (quotes, backslashes, control characters; `/` left alone).
 *
 * @throws IdentityError `INVALID_TIER` for a tier other than `micro` or `standard`
 */
export function authRequestBody(input: AuthBodyInput): string {
  if (!TIERS.has(input.tier)) {
    throw new IdentityError(
      'INVALID_TIER',
      `Failed to build the auth request: tier ${JSON.stringify(input.tier)} is not ` +
        'accepted by the client. Use exactly "micro" or "standard".',
    );
  }
  const body: Record<string, string> = {
    id_data: identityDataJson(input.identity),
    pubkey: input.publicKeyPem,
  };
  if (
    input.tenantToken !== undefined &&
    input.tenantToken !== null &&
    input.tenantToken !== ''
  ) {
    body.tenant_token = input.tenantToken;
  }
  body.tier = input.tier;
  return JSON.stringify(body);
}

export interface AuthRequestInput {
  /** Base URL of the API server, e.g. `https://hosted.mender.io`, no trailing slash. */
  readonly serverHost: string;
  readonly identity: DeviceIdentity;
  readonly key: DeviceKey;
  readonly tier: string;
  readonly tenantToken?: string | null;
  /** @default CLIENT_BUILD_VERSIONS */
  readonly versions?: ClientBuildVersions;
}

/** The auth request as built, with the parts a trace or a test wants to read. */
export interface AuthRequest {
  /** Ready for a transport: method, URL, headers in wire order, exact body bytes. */
  readonly request: HttpRequest;
  /** The body as text (the bytes are its UTF-8). */
  readonly body: string;
  /** Base64 DER ECDSA signature of the body, the `X-MEN-Signature` value. */
  readonly signature: string;
}

function checkHost(serverHost: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(serverHost).protocol;
  } catch {
    protocol = undefined;
  }
  if ((protocol === 'https:' || protocol === 'http:') && !serverHost.endsWith('/'))
    return;
  throw new IdentityError(
    'INVALID_SERVER_HOST',
    `Failed to build the auth request: server host ${JSON.stringify(serverHost)} is not ` +
      'an absolute http(s) URL without a trailing slash, e.g. "https://hosted.mender.io".',
  );
}

/**
 * `POST /api/devices/v1/authentication/auth_requests` as the client sends
 * it: the body above, signed with the device key (SHA-256, ECDSA, DER,
 * base64 into X-MEN-Signature).
 *
 * @throws IdentityError for a bad host, tier or identity
 */
export function buildAuthRequest(input: AuthRequestInput): AuthRequest {
  checkHost(input.serverHost);
  const body = authRequestBody({
    identity: input.identity,
    publicKeyPem: input.key.publicKeyPem,
    tier: input.tier,
    ...(input.tenantToken === undefined ? {} : { tenantToken: input.tenantToken }),
  });
  const bytes = utf8(body);
  const signature = input.key.signBase64(bytes);
  const url = input.serverHost + AUTH_REQUESTS_PATH;

  const headers = clientRequestHeaders({
    url,
    signature,
    body: bytes,
    ...(input.versions === undefined ? {} : { versions: input.versions }),
  });
  return { request: { method: 'POST', url, headers, body: bytes }, body, signature };
}
