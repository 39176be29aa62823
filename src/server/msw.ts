import {
  http,
  HttpResponse as MswResponse,
  type RequestHandler as MswHandler,
} from 'msw';

import type {
  HttpHeader,
  HttpRequest,
  HttpResponse,
  RequestHandler,
} from '../sim/index.ts';
import { ServerUnreachable } from './http/errors.ts';
import { wireHeaderValue } from './http/responses.ts';
import { ARTIFACT_STORAGE_PATH_PREFIX } from './storage/links.ts';

/** Statuses whose responses may not carry a body in the Fetch API. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * MSW handlers that pass every API request, and every download from the
 * artifact storage host, to the server's routing, so that the service worker
 * answers exactly as the in-process transport does.
 *
 * `getRouting` is read on each request so that a new simulation (a new server)
 * takes over without re-registering the handlers. Paths are origin-agnostic:
 * the API host is whatever the devices are configured with.
 */
export function createMswHandlers(getRouting: () => RequestHandler): MswHandler[] {
  const answer = async ({ request }: { request: Request }) => {
    try {
      return toMswResponse(await getRouting()(await toHttpRequest(request)));
    } catch (error) {
      // An outage window: no answer at all, which fetch reports as a network error.
      if (error instanceof ServerUnreachable) return MswResponse.error();
      throw error;
    }
  };
  return [
    http.all('*/api/*', answer),
    http.all(`*${ARTIFACT_STORAGE_PATH_PREFIX}*`, answer),
  ];
}

/** The fetch request as our routing takes it: headers in order, body as bytes. */
export async function toHttpRequest(request: Request): Promise<HttpRequest> {
  const headers: HttpHeader[] = [];
  request.headers.forEach((value, name) => headers.push([name, value]));
  const body = new Uint8Array(await request.arrayBuffer());
  return { method: request.method, url: request.url, headers, body };
}

function toMswResponse(response: HttpResponse): MswResponse<BodyInit> {
  const headers = new Headers();
  for (const [name, value] of response.headers)
    headers.append(name, wireHeaderValue(value));
  const body =
    NULL_BODY_STATUSES.has(response.status) || response.body.byteLength === 0
      ? null
      : response.body.slice();
  return new MswResponse(body, { status: response.status, headers });
}
