import {
  reasonPhrase,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
} from '../sim/index.ts';

/** The device API a request belongs to, by path (the artifact host is `download`). */
export const ENDPOINTS = [
  'auth',
  'next',
  'inventory',
  'status',
  'log',
  'download',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** The path of an absolute URL, without parsing all of it (called for every exchange). */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const query = url.indexOf('?', start);
  return query < 0 ? url.slice(start) : url.slice(start, query);
}

export function endpointOf(url: string): Endpoint {
  const path = pathOf(url);
  if (!path.startsWith('/api/devices/')) return 'download';
  if (path.endsWith('/authentication/auth_requests')) return 'auth';
  if (path.endsWith('/deployments/next')) return 'next';
  if (path.endsWith('/inventory/device/attributes')) return 'inventory';
  if (path.endsWith('/status')) return 'status';
  if (path.endsWith('/log')) return 'log';
  return 'download';
}

const CRLF = 2;
/** ASCII header text: its length is its byte count. */
function headerBytes(headers: readonly HttpHeader[]): number {
  let total = 0;
  for (const [name, value] of headers) total += name.length + 2 + value.length + CRLF;
  return total;
}

function has(headers: readonly HttpHeader[], name: string): boolean {
  return headers.some(([header]) => header.toLowerCase() === name);
}

/**
 * Bytes of the request on an HTTP/1.1 wire: request line, the headers the
 * device set, the Host and Content-Length lines its HTTP stack adds when
 * absent, the blank line and the body.
 */
export function requestWireBytes(request: HttpRequest): number {
  const afterScheme = request.url.indexOf('//') + 2;
  const pathStart = request.url.indexOf('/', afterScheme);
  const host = request.url.slice(afterScheme, pathStart < 0 ? undefined : pathStart);
  const target = pathStart < 0 ? '/' : request.url.slice(pathStart);
  let bytes = request.method.length + 1 + target.length + ' HTTP/1.1'.length + CRLF;
  bytes += headerBytes(request.headers);
  if (!has(request.headers, 'host')) bytes += 'Host: '.length + host.length + CRLF;
  if (request.body.byteLength > 0 && !has(request.headers, 'content-length')) {
    bytes += 'Content-Length: '.length + String(request.body.byteLength).length + CRLF;
  }
  return bytes + CRLF + request.body.byteLength;
}

/** Bytes of the response on an HTTP/1.1 wire: status line, headers, Content-Length, body. */
export function responseWireBytes(response: HttpResponse): number {
  const reason = reasonPhrase(response.status) ?? '';
  let bytes =
    'HTTP/1.1 000 '.length + reason.length + CRLF + headerBytes(response.headers);
  if (!has(response.headers, 'content-length') && response.status !== 204) {
    bytes += 'Content-Length: '.length + String(response.body.byteLength).length + CRLF;
  }
  return bytes + CRLF + response.body.byteLength;
}
