import { EMPTY_BODY, utf8, type HttpHeader, type HttpRequest } from '../sim/index.ts';
import type { ClientSettings } from './clientSettings.ts';
import type { InventoryItem } from './inventoryTypes.ts';
import type { DeploymentStatus } from './menderTypes.ts';
import type { Provides } from './provides.ts';

/** The device API paths of api.c. */
export const API_PATHS = {
  authRequests: '/api/devices/v1/authentication/auth_requests',
  nextDeploymentV2: '/api/devices/v2/deployments/device/deployments/next',
  nextDeploymentV1: '/api/devices/v1/deployments/device/deployments/next',
  deployments: '/api/devices/v1/deployments/device/deployments',
  inventoryAttributes: '/api/devices/v1/inventory/device/attributes',
} as const;

/** A request to the API host before the token is known. */
export interface ApiCall {
  readonly method: string;
  /** Path and query, appended to the server host. */
  readonly path: string;
  /** Compact JSON, or undefined for no body. */
  readonly body?: string;
}

/**
 * The wire request for `call`: headers in the order http.c adds them
 * (User-Agent, Authorization, Content-Type when there is a body).
 */
export function buildApiRequest(
  settings: ClientSettings,
  call: ApiCall,
  token: string | undefined,
): HttpRequest {
  return new ApiRequestBuilder(settings).build(call, token);
}

/**
 * Builds a device's requests as `buildApiRequest` does, reusing the header
 * list while the token stays the same: a fleet polling idle then keeps one
 * `Authorization` value per device instead of one per request (the trace
 * holds the last requests of every device). Requests are never modified
 * after they are built, so sharing the list is safe.
 */
export class ApiRequestBuilder {
  private readonly userAgent: HttpHeader;
  private token: string | undefined;
  private headersWithBody: readonly HttpHeader[];
  private headersWithoutBody: readonly HttpHeader[];

  constructor(private readonly settings: ClientSettings) {
    this.userAgent = ['User-Agent', settings.userAgent];
    this.headersWithBody = [this.userAgent, CONTENT_TYPE_JSON];
    this.headersWithoutBody = [this.userAgent];
  }

  build(call: ApiCall, token: string | undefined): HttpRequest {
    if (token !== this.token) this.useToken(token);
    return {
      method: call.method,
      url: this.settings.serverHost + call.path,
      headers: call.body === undefined ? this.headersWithoutBody : this.headersWithBody,
      body: call.body === undefined ? EMPTY_BODY : utf8(call.body),
    };
  }

  private useToken(token: string | undefined): void {
    this.token = token;
    const headers: HttpHeader[] = [this.userAgent];
    if (token !== undefined) headers.push(['Authorization', `Bearer ${token}`]);
    this.headersWithoutBody = headers;
    this.headersWithBody = [...headers, CONTENT_TYPE_JSON];
  }
}

const CONTENT_TYPE_JSON: HttpHeader = ['Content-Type', 'application/json'];

/** v2 next-deployment check: the device's provides, type first, name last. */
export function nextDeploymentV2(
  deviceType: string,
  provides: Provides,
  artifactName: string,
): ApiCall {
  const deviceProvides: Record<string, string> = { device_type: deviceType };
  for (const [key, value] of provides) deviceProvides[key] = value;
  deviceProvides['artifact_name'] = artifactName;
  return {
    method: 'POST',
    path: API_PATHS.nextDeploymentV2,
    body: JSON.stringify({ device_provides: deviceProvides }),
  };
}

/** v1 fallback: the values go into the query verbatim, not URL-encoded. */
export function nextDeploymentV1(deviceType: string, artifactName: string): ApiCall {
  return {
    method: 'GET',
    path: `${API_PATHS.nextDeploymentV1}?artifact_name=${artifactName}&device_type=${deviceType}`,
  };
}

export function deploymentStatus(id: string, status: DeploymentStatus): ApiCall {
  return {
    method: 'PUT',
    path: `${API_PATHS.deployments}/${id}/status`,
    body: JSON.stringify({ status }),
  };
}

/** One deployment-log message as the log PUT carries it. */
export interface DeploymentLogMessage {
  readonly timestamp: string | null;
  readonly level: string | null;
  readonly message: string;
}

export function deploymentLog(
  id: string,
  messages: readonly DeploymentLogMessage[],
): ApiCall {
  return {
    method: 'PUT',
    path: `${API_PATHS.deployments}/${id}/log`,
    body: JSON.stringify({ messages }),
  };
}

/** Splits a stored line `[<timestamp>] <lvl> mender: <text>` as api.c does. */
export function parseDeploymentLogLine(line: string): DeploymentLogMessage {
  const match = /^\[([^\]]*)\] (\w+) (?:mender: )?(.*)$/s.exec(line);
  if (match === null) return { timestamp: null, level: null, message: line };
  return { timestamp: match[1]!, level: match[2]!, message: match[3]! };
}

export function inventoryUpdate(
  method: 'PUT' | 'PATCH',
  items: readonly InventoryItem[],
): ApiCall {
  return {
    method,
    path: API_PATHS.inventoryAttributes,
    body: JSON.stringify(items.map(({ name, value }) => ({ name, value }))),
  };
}
