import { EMPTY_BODY, utf8, type HttpHeader, type HttpResponse } from '../../sim/index.ts';

/** The header every Mender service answers with, carrying the request id. */
export const REQUEST_ID_HEADER = 'x-men-requestid';

/**
 * Builds a response whose headers are already lower case and sorted, the form
 * the trace keeps, without re-sorting on the hot path.
 */
export function respond(
  status: number,
  requestId: string,
  body: Uint8Array = EMPTY_BODY,
  contentType?: string,
  extraHeaders: readonly HttpHeader[] = [],
): HttpResponse {
  const headers: HttpHeader[] = [];
  if (contentType !== undefined) headers.push(['content-type', contentType]);
  headers.push([REQUEST_ID_HEADER, requestId]);
  for (const [name, value] of extraHeaders) headers.push([name.toLowerCase(), value]);
  if (extraHeaders.length > 0) headers.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { status, headers, body };
}

/** A JSON answer, serialised compactly as the Go services do. */
export function respondJson(
  status: number,
  requestId: string,
  value: unknown,
  extraHeaders: readonly HttpHeader[] = [],
): HttpResponse {
  return respond(
    status,
    requestId,
    utf8(JSON.stringify(value)),
    'application/json; charset=utf-8',
    extraHeaders,
  );
}

/** The real error body: the message and the request id it belongs to. */
export function respondError(
  status: number,
  requestId: string,
  message: string,
  extraHeaders: readonly HttpHeader[] = [],
): HttpResponse {
  return respondJson(status, requestId, { error: message, request_id: requestId }, [
    ...extraHeaders,
  ]);
}

/**
 * A header value as it travels: UTF-8 bytes, which a fetch client shows one
 * Latin-1 character per byte. Text already in that range is unchanged.
 */
export function wireHeaderValue(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u00ff]*$/.test(text)) return text;
  let wire = '';
  for (const byte of utf8(text)) wire += String.fromCharCode(byte);
  return wire;
}
