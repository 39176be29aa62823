import type { HttpRequest, HttpResponse } from '../../sim/index.ts';

/** What a route handler gets: the request, its id, and the parts of its URL. */
export interface RouteContext {
  readonly request: HttpRequest;
  readonly requestId: string;
  /** The path without query, as sent (not percent-decoded). */
  readonly path: string;
  /** The raw query string without `?`, empty when there is none. */
  readonly query: string;
  /** Values of the `:name` segments of the matched pattern, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export type RouteHandler = (
  context: RouteContext,
) => HttpResponse | Promise<HttpResponse>;

interface CompiledRoute {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
}

/** A found route, or why none was: the path is unknown, or the method is. */
export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly handler: RouteHandler;
      readonly params: Record<string, string>;
    }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'wrong-method' };

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Matches method and path against patterns such as
 * `/api/devices/v1/deployments/device/deployments/:id/status`. Static paths
 * are looked up in a map first, since the idle traffic of a fleet only hits those.
 */
export class Router {
  private readonly staticRoutes = new Map<string, Map<string, RouteHandler>>();
  private readonly patternRoutes: CompiledRoute[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    if (!pattern.includes('/:')) {
      const byMethod = this.staticRoutes.get(pattern) ?? new Map<string, RouteHandler>();
      byMethod.set(method, handler);
      this.staticRoutes.set(pattern, byMethod);
      return this;
    }
    this.patternRoutes.push({ method, segments: pattern.split('/'), handler });
    return this;
  }

  /** Every route as `METHOD /pattern`, in the order they were added. */
  routes(): string[] {
    const result: string[] = [];
    for (const [pattern, byMethod] of this.staticRoutes) {
      for (const method of byMethod.keys()) result.push(`${method} ${pattern}`);
    }
    for (const route of this.patternRoutes) {
      result.push(`${route.method} ${route.segments.join('/')}`);
    }
    return result;
  }

  match(method: string, path: string): RouteMatch {
    const byMethod = this.staticRoutes.get(path);
    if (byMethod !== undefined) {
      const handler = byMethod.get(method);
      if (handler !== undefined) return { kind: 'found', handler, params: NO_PARAMS };
    }
    let pathKnown = byMethod !== undefined;
    const segments = path.split('/');
    for (const route of this.patternRoutes) {
      const params = matchSegments(route.segments, segments);
      if (params === undefined) continue;
      if (route.method === method)
        return { kind: 'found', handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? { kind: 'wrong-method' } : { kind: 'no-route' };
  }
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  let params: Record<string, string> | undefined;
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index] as string;
    const segment = actual[index] as string;
    if (expected.startsWith(':')) {
      if (segment === '') return undefined;
      params ??= {};
      params[expected.slice(1)] = safeDecode(segment);
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params ?? NO_PARAMS;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits an absolute URL into path and query without building a `URL`. */
export function splitUrl(url: string): { path: string; query: string } {
  const schemeEnd = url.indexOf('://');
  const pathStart = schemeEnd < 0 ? 0 : url.indexOf('/', schemeEnd + 3);
  if (pathStart < 0) return { path: '/', query: '' };
  const queryStart = url.indexOf('?', pathStart);
  const hashStart = url.indexOf('#', pathStart);
  const pathEnd = queryStart >= 0 ? queryStart : hashStart >= 0 ? hashStart : url.length;
  const path = url.slice(pathStart, pathEnd);
  if (queryStart < 0) return { path, query: '' };
  const queryEnd = hashStart > queryStart ? hashStart : url.length;
  return { path, query: url.slice(queryStart + 1, queryEnd) };
}
