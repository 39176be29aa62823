import { normalizeHeaders, type HttpRequest, type HttpResponse } from './http.ts';
import type { SimulationKernel } from './kernel.ts';
import { createTransport, type Transport } from './transport.ts';

/**
 * Headers a page may not set on fetch: the browser drops or replaces them.
 * The trace keeps what the device built; `wireDifferences` says what the
 * network panel shows instead.
 */
const HEADERS_A_PAGE_CANNOT_SET = new Set([
  'accept-charset',
  'accept-encoding',
  'connection',
  'content-length',
  'date',
  'host',
  'keep-alive',
  'user-agent',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/** What differs between the request as built and as a browser sends it. */
export function wireDifferences(request: HttpRequest): string[] {
  return request.headers
    .filter(([name]) => HEADERS_A_PAGE_CANNOT_SET.has(name.toLowerCase()))
    .map(([name, value]) => `${name}: ${value} (set by the browser, not the device)`);
}

export type FetchFunction = (request: Request) => Promise<Response>;

/**
 * Sends each request with `fetch`, for MSW's service worker to answer, so
 * that it shows in the browser's own network panel. The answer comes from
 * the same server routing the in-process transport calls.
 */
export function createServiceWorkerTransport(
  kernel: SimulationKernel,
  fetchFunction: FetchFunction,
): Transport {
  return createTransport('service-worker', kernel, async (request) => {
    const headers = new Headers();
    for (const [name, value] of request.headers) {
      if (!HEADERS_A_PAGE_CANNOT_SET.has(name.toLowerCase())) headers.append(name, value);
    }
    const hasBody = request.body.byteLength > 0;
    const fetchRequest = new Request(request.url, {
      method: request.method,
      headers,
      ...(hasBody ? { body: request.body.slice() } : {}),
    });
    const response = await fetchFunction(fetchRequest);
    return toHttpResponse(response);
  });
}

async function toHttpResponse(response: Response): Promise<HttpResponse> {
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: normalizeHeaders(response.headers), body };
}
