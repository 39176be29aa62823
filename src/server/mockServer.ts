import { bytesToHex } from '@noble/hashes/utils.js';

import {
  headerValue,
  type HttpRequest,
  type HttpResponse,
  type RequestHandler,
  type SeededRandom,
} from '../sim/index.ts';
import type { ServerContext } from './context.ts';
import { TokenKey } from './crypto/jwt.ts';
import { Artifacts, type ArtifactFactsReader } from './deployments/artifacts.ts';
import { Deployments } from './deployments/deployments.ts';
import { readArtifactFacts } from './deployments/readArtifactFacts.ts';
import { DeviceAuth } from './deviceauth/deviceAuth.ts';
import { ApiError } from './http/errors.ts';
import { REQUEST_ID_HEADER, respond, respondError } from './http/responses.ts';
import { Router, splitUrl } from './http/router.ts';
import { CountedRandom, RequestIdSource, UuidSource } from './ids.ts';
import { Inventory } from './inventory/inventory.ts';
import { ServerOperations } from './operations.ts';
import { DEFAULT_POLICIES } from './policies/policies.ts';
import {
  ADMIN_TOKEN_LIFETIME_MS,
  DEFAULT_PLAN,
  TOKEN_ISSUER,
  type ServerProfile,
} from './profile.ts';
import { addDeploymentsRoutes } from './routes/deploymentsRoutes.ts';
import { addDevauthRoutes } from './routes/devauthRoutes.ts';
import { addDeviceRoutes } from './routes/deviceRoutes.ts';
import { addInventoryRoutes } from './routes/inventoryRoutes.ts';
import { applyDeviceFaults, managementRoute, pageNotFound } from './routes/gateway.ts';
import { NEXT_V2_PATH } from './routes/deviceRoutes.ts';
import { enforceRateLimit } from './policies/rateLimiter.ts';
import { serveStorage } from './routes/storageRoutes.ts';
import type { Services } from './services.ts';
import { STATE_VERSION, withoutPrototypes, type ServerState } from './state.ts';
import {
  ARTIFACT_STORAGE_ORIGIN,
  ARTIFACT_STORAGE_PATH_PREFIX,
  ArtifactLinks,
} from './storage/links.ts';
import { DEFAULT_START_DATE, ServerClock } from './time.ts';

export type { ServerProfile };

export interface MockServerOptions {
  /** Virtual time in milliseconds; the server never reads another clock. */
  readonly now: () => number;
  /**
   * The only randomness the server uses, forked per purpose: ids, request
   * ids, its token key, the link-signing secret and the fault draws.
   */
  readonly random: SeededRandom;
  /** @default 'hosted' */
  readonly profile?: ServerProfile;
  /**
   * The tenant token devices must send (hosted profile). Without it the
   * server issues one; read it from `MockServer.tenantToken`.
   */
  readonly tenantToken?: string;
  /** Unix milliseconds that virtual time 0 stands for. @default 2026-01-01T00:00:00Z */
  readonly startDate?: number;
  /** A state from `exportState()` to continue from; `profile` is then taken from it. */
  readonly state?: ServerState;
  /**
   * Reads uploaded artifacts. @default the artifact module in server mode
   */
  readonly readArtifact?: ArtifactFactsReader;
}

/** The mock Mender server: its HTTP routing, and the state behind it. */
export interface MockServer extends ServerOperations {
  readonly profile: ServerProfile;
  /** Request in, response out: what the in-process transport and MSW call. */
  readonly routing: RequestHandler;
  /** The origin artifact links point at (object storage). */
  readonly storageOrigin: string;
  /** The built-in administrator's management token (a JWT this server signed). */
  readonly managementToken: string;
  /** The tenant token devices must send; undefined in the open-source profile. */
  readonly tenantToken: string | undefined;
  /** Every route the routing serves, as `METHOD /pattern` (storage downloads last). */
  readonly servedRoutes: readonly string[];
  /** The public key that verifies this server's tokens, as a JWK (for tests). */
  readonly tokenPublicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  /** The whole state as plain JSON, to save or to restore with `options.state`. */
  exportState(): ServerState;
}

/** Builds a server with an empty state, or continues from `options.state`. */
export function createMockServer(options: MockServerOptions): MockServer {
  const random = options.random;
  const state = withoutPrototypes(
    options.state !== undefined
      ? restoredState(options.state)
      : initialState(options, random),
  );
  const clock = new ServerClock(options.now, state.startDate);
  const ids = new UuidSource(random.fork('ids'));
  ids.skip(state.idsDrawn);
  const tokenKey = new TokenKey(hexToBytes(state.tokenKeyHex));
  const context: ServerContext = { state, clock, ids, tokenKey };

  const links = new ArtifactLinks(context);
  const inventory = new Inventory(context);
  const deployments = new Deployments(context, links);
  const deviceAuth = new DeviceAuth(context, {
    deviceAdded: (device) => inventory.addDevice(device),
    deviceStatusChanged: (device) => inventory.setStatus(device),
    deviceDecommissioned: (deviceId) => {
      inventory.removeDevice(deviceId);
      deployments.deviceDecommissioned(deviceId);
    },
  });
  const artifacts = new Artifacts(context, options.readArtifact ?? readArtifactFacts);
  const services: Services = {
    context,
    deviceAuth,
    inventory,
    deployments,
    artifacts,
    links,
    limiter: state.limiter,
    faultRandom: new CountedRandom(random.fork('faults'), state.faultDraws),
  };

  const router = new Router();
  addDeviceRoutes(router, services, state.profile === 'hosted');
  addDevauthRoutes(router, services);
  addDeploymentsRoutes(router, services);
  addInventoryRoutes(router, services);
  const requestIds = new RequestIdSource(random, state.requestIdsDrawn);
  const routing = createRouting(services, router, requestIds);

  return Object.assign(new ServerOperations(services), {
    profile: state.profile,
    routing,
    storageOrigin: ARTIFACT_STORAGE_ORIGIN,
    managementToken: state.admin.token,
    tenantToken: state.tenant?.token,
    servedRoutes: [
      ...router.routes(),
      ...['GET', 'HEAD'].map((method) => `${method} ${storageKeyPattern(state)}`),
    ],
    tokenPublicJwk: tokenKey.publicJwk(),
    exportState(): ServerState {
      state.idsDrawn = ids.drawn;
      state.requestIdsDrawn = requestIds.drawn;
      state.faultDraws = services.faultRandom.drawn;
      return structuredClone(state);
    },
  });
}

function createRouting(
  services: Services,
  router: Router,
  requestIds: RequestIdSource,
): RequestHandler {
  const unknownRoute = (requestId: string, request: HttpRequest, path: string) => {
    // The gateway checks credentials before any service sees the path.
    if (path.startsWith('/api/devices/')) {
      applyDeviceFaults(services);
      const device = services.deviceAuth.tokens.authenticate(
        headerValue(request.headers, 'authorization'),
      );
      // The limiter sits in the gateway's token check, before any service:
      // the open-source server's 404 to mender-mcu's v2 probe counts too.
      if (path === NEXT_V2_PATH) {
        enforceRateLimit(
          services.context.state.policies.rateLimit,
          services.limiter,
          device.deviceId,
          device.tier,
          'next',
          services.context.clock.now(),
        );
      }
    } else if (path.startsWith('/api/management/')) {
      managementRoute(services, () => pageNotFound(requestId))({
        request,
        requestId,
        path,
        query: '',
        params: {},
      });
    }
    return pageNotFound(requestId);
  };

  return (request: HttpRequest): HttpResponse | Promise<HttpResponse> => {
    const requestId =
      headerValue(request.headers, REQUEST_ID_HEADER) ?? requestIds.next();
    try {
      const { path, query } = splitUrl(request.url);
      if (request.url.startsWith(ARTIFACT_STORAGE_ORIGIN)) {
        return serveStorage(services, request, path, query, requestId);
      }
      const match = router.match(request.method, path);
      if (match.kind !== 'found') return unknownRoute(requestId, request, path);
      const response = match.handler({
        request,
        requestId,
        path,
        query,
        params: match.params,
      });
      return response instanceof Promise
        ? response.catch((error: unknown) => refusal(error, requestId))
        : response;
    } catch (error) {
      return refusal(error, requestId);
    }
  };
}

/** An `ApiError` as the real error answer; anything else (a bug, an outage) is rethrown. */
function refusal(error: unknown, requestId: string): HttpResponse {
  if (!(error instanceof ApiError)) throw error;
  return error.bodyless
    ? respond(error.status, requestId, undefined, undefined, error.headers)
    : respondError(error.status, requestId, error.message, error.headers);
}

type StreamCounter = 'requestIdsDrawn' | 'faultDraws';

/** A copy of a saved state; one saved before the stream counters existed starts them at 0. */
function restoredState(saved: ServerState): ServerState {
  const copy: Omit<ServerState, StreamCounter> &
    Partial<Pick<ServerState, StreamCounter>> = structuredClone(saved);
  return {
    ...copy,
    requestIdsDrawn: copy.requestIdsDrawn ?? 0,
    faultDraws: copy.faultDraws ?? 0,
  };
}

function initialState(options: MockServerOptions, random: SeededRandom): ServerState {
  const profile = options.profile ?? 'hosted';
  const startDate = options.startDate ?? DEFAULT_START_DATE;
  const tokenKeyHex = bytesToHex(random.fork('token-key').bytes(32));
  const tokenKey = new TokenKey(hexToBytes(tokenKeyHex));
  const identities = random.fork('identities');
  const tenantId = bytesToHex(identities.bytes(12));
  const adminId = new UuidSource(identities).next();
  const startSeconds = Math.floor(startDate / 1000);
  const tenant =
    profile === 'hosted'
      ? {
          id: tenantId,
          token:
            options.tenantToken ??
            tokenKey.sign({
              'mender.tenant': tenantId,
              iss: TOKEN_ISSUER,
              sub: tenantId,
            }),
        }
      : undefined;
  const adminToken = tokenKey.sign({
    jti: new UuidSource(identities).next(),
    sub: adminId,
    iss: TOKEN_ISSUER,
    ...(tenant !== undefined ? { 'mender.tenant': tenant.id } : {}),
    exp: startSeconds + ADMIN_TOKEN_LIFETIME_MS / 1000,
    iat: startSeconds,
    'mender.user': true,
    'mender.plan': DEFAULT_PLAN,
    'mender.trial': false,
  });
  return {
    version: STATE_VERSION,
    profile,
    startDate,
    ...(tenant !== undefined ? { tenant } : {}),
    tokenKeyHex,
    storageSecretHex: bytesToHex(random.fork('storage-secret').bytes(32)),
    admin: { userId: adminId, token: adminToken },
    sequence: 0,
    idsDrawn: 0,
    requestIdsDrawn: 0,
    faultDraws: 0,
    devices: {},
    authSets: {},
    tokens: {},
    inventory: {},
    artifacts: {},
    deployments: {},
    deviceDeployments: {},
    logs: {},
    policies: structuredClone(DEFAULT_POLICIES),
    limiter: {},
  };
}

/** The object path artifacts are stored under: tenant-prefixed when hosted. */
function storageKeyPattern(state: ServerState): string {
  const tenant = state.tenant !== undefined ? ':tenant/' : '';
  return `${ARTIFACT_STORAGE_ORIGIN}${ARTIFACT_STORAGE_PATH_PREFIX}${tenant}:artifact`;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
