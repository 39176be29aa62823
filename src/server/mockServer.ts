import {
  headerValue,
  type HttpRequest,
  type HttpResponse,
  type RequestHandler,
  type SeededRandom,
} from '../sim/index.ts';
import { ApiError } from './http/errors.ts';
import { REQUEST_ID_HEADER, respond, respondError } from './http/responses.ts';
import { Router, splitUrl, type RouteContext } from './http/router.ts';
import { UuidSource } from './ids.ts';

/**
 * Which real server the mock stands for. `hosted` (the default) answers the
 * Enterprise-only v2 next-deployment endpoint and wants a tenant token;
 * `open-source` answers v2 with 404, as mender-mcu expects before it falls
 * back to v1.
 */
export type ServerProfile = 'hosted' | 'open-source';

export interface MockServerOptions {
  /** Virtual time in milliseconds; the server never reads another clock. */
  readonly now: () => number;
  /** The only randomness the server uses (ids, keys), forked per purpose. */
  readonly random: SeededRandom;
  /** @default 'hosted' */
  readonly profile?: ServerProfile;
}

/** The mock Mender server: its HTTP routing, and the state behind it. */
export interface MockServer {
  readonly profile: ServerProfile;
  /** Request in, response out: what the in-process transport and MSW call. */
  readonly routing: RequestHandler;
}

/** Builds a server with an empty state. */
export function createMockServer(options: MockServerOptions): MockServer {
  const profile = options.profile ?? 'hosted';
  const requestIds = new UuidSource(options.random.fork('request-ids'));
  const router = new Router();

  const noDeployment = (context: RouteContext) => respond(204, context.requestId);
  router.add('GET', '/api/devices/v1/deployments/device/deployments/next', noDeployment);
  if (profile === 'hosted') {
    router.add(
      'POST',
      '/api/devices/v2/deployments/device/deployments/next',
      noDeployment,
    );
  }

  const routing = (request: HttpRequest): HttpResponse | Promise<HttpResponse> => {
    const requestId =
      headerValue(request.headers, REQUEST_ID_HEADER) ?? requestIds.next();
    const { path, query } = splitUrl(request.url);
    const match = router.match(request.method, path);
    if (match.kind !== 'found') return respondError(404, requestId, 'not found');
    try {
      return match.handler({ request, requestId, path, query, params: match.params });
    } catch (error) {
      if (error instanceof ApiError) {
        return respondError(error.status, requestId, error.message, error.headers);
      }
      throw error;
    }
  };

  return { profile, routing };
}
