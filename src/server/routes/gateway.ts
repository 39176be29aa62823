import { headerValue, type HttpResponse } from '../../sim/index.ts';
import { limitRequestSize } from '../http/body.ts';
import { ApiError, ServerUnreachable, unauthorized } from '../http/errors.ts';
import { respond } from '../http/responses.ts';
import type { RouteContext, RouteHandler } from '../http/router.ts';
import type { LimitedRoute } from '../policies/policies.ts';
import { enforceRateLimit } from '../policies/rateLimiter.ts';
import { bearerToken, type AuthenticatedDevice } from '../deviceauth/deviceTokens.ts';
import type { Services } from '../services.ts';
import { utf8 } from '../../sim/index.ts';

/** A device route's handler, given the device its token belongs to. */
export type DeviceRouteHandler = (
  context: RouteContext,
  device: AuthenticatedDevice,
) => HttpResponse | Promise<HttpResponse>;

/**
 * The faults a trainer switched on, for device traffic (API and downloads):
 * an outage window answers 503 or nothing at all, and a share of requests
 * get the configured 5xx.
 */
export function applyDeviceFaults(services: Services): void {
  const { faults } = services.context.state.policies;
  const now = services.context.clock.now();
  for (const outage of faults.outages) {
    if (now < outage.fromMs || now >= outage.toMs) continue;
    if (outage.kind === 'unreachable') {
      throw new ServerUnreachable(
        'connection refused: the server is in an outage window',
      );
    }
    throw new ApiError(503, 'Service Unavailable', [], true);
  }
  if (faults.errorRate > 0 && services.faultRandom.next() < faults.errorRate) {
    throw new ApiError(faults.errorStatus, 'internal error');
  }
}

/**
 * A device API route behind the gateway: faults, then the token check
 * (deviceauth's verify, 401), then the rate limiter (429), then the service
 * with its request size guard (413).
 */
export function deviceRoute(
  services: Services,
  route: LimitedRoute,
  handler: DeviceRouteHandler,
): RouteHandler {
  return (context) => {
    applyDeviceFaults(services);
    const device = services.deviceAuth.tokens.authenticate(
      headerValue(context.request.headers, 'authorization'),
    );
    enforceRateLimit(
      services.context.state.policies.rateLimit,
      services.limiter,
      device.deviceId,
      device.tier,
      route,
      services.context.clock.now(),
    );
    limitRequestSize(context.request);
    return handler(context, device);
  };
}

/**
 * A management API route: the gateway lets it through only with a valid
 * user token (the built-in administrator's, or another the server signed);
 * then the service's request size guard (413), unless the route has none.
 */
export function managementRoute(
  services: Services,
  handler: RouteHandler,
  sizeLimited = true,
): RouteHandler {
  return (context) => {
    checkManagementToken(services, headerValue(context.request.headers, 'authorization'));
    if (sizeLimited) limitRequestSize(context.request);
    return handler(context);
  };
}

function checkManagementToken(
  services: Services,
  authorization: string | undefined,
): void {
  const { state, tokenKey, clock } = services.context;
  const token = bearerToken(authorization);
  if (token === undefined) throw unauthorized('unauthorized');
  if (token === state.admin.token) return;
  const claims = tokenKey.verify(token);
  if (
    claims === undefined ||
    claims['mender.user'] !== true ||
    claims.exp <= clock.toUnixSeconds(clock.now())
  ) {
    throw unauthorized('unauthorized');
  }
}

/** gin's answer for a path no route matches: plain text, not the JSON error. */
export function pageNotFound(requestId: string): HttpResponse {
  return respond(404, requestId, utf8('404 page not found'), 'text/plain');
}
