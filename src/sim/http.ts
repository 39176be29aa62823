/** One header as sent, name and value; order is kept, as on the wire. */
export type HttpHeader = readonly [name: string, value: string];

/** An HTTP request exactly as a simulated device (or the admin panel) built it. */
export interface HttpRequest {
  readonly method: string;
  /** Absolute URL, including the host the device was configured with. */
  readonly url: string;
  readonly headers: readonly HttpHeader[];
  /** The exact body bytes; empty when there is no body. */
  readonly body: Uint8Array;
}

export interface HttpResponse {
  readonly status: number;
  /** Names in lower case, sorted, so that every transport reports them alike. */
  readonly headers: readonly HttpHeader[];
  readonly body: Uint8Array;
}

/** Anything that answers requests: the mock server's routing, or a real server. */
export type RequestHandler = (
  request: HttpRequest,
) => HttpResponse | Promise<HttpResponse>;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export const EMPTY_BODY = new Uint8Array(0);

/** RFC 9110 reason phrases of the statuses the simulated server and network give. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  206: 'Partial Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** The reason phrase of a status, or undefined for one the simulation never gives. */
export function reasonPhrase(status: number): string | undefined {
  return REASON_PHRASES[status];
}

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

/** The first value of a header, matched case-insensitively. */
export function headerValue(
  headers: readonly HttpHeader[],
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [headerName, value] of headers) {
    if (headerName.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Lower-cases and sorts response headers into the form the trace keeps. */
export function normalizeHeaders(
  headers: Iterable<readonly [string, string]>,
): HttpHeader[] {
  const result: HttpHeader[] = [];
  for (const [name, value] of headers) result.push([name.toLowerCase(), value]);
  return result.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The path and query of a URL, which is what routing matches on. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname;
}

/** A JSON response with the body serialised compactly, as the real services do. */
export function jsonResponse(
  status: number,
  body: unknown,
  extraHeaders: readonly HttpHeader[] = [],
): HttpResponse {
  return {
    status,
    headers: normalizeHeaders([['content-type', 'application/json'], ...extraHeaders]),
    body: utf8(JSON.stringify(body)),
  };
}

/** A response with no body, such as 204. */
export function emptyResponse(
  status: number,
  extraHeaders: readonly HttpHeader[] = [],
): HttpResponse {
  return { status, headers: normalizeHeaders(extraHeaders), body: EMPTY_BODY };
}
