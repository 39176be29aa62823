import {
  EMPTY_BODY,
  headerValue,
  utf8,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
} from '../../sim/index.ts';
import { ARTIFACT_MEDIA_TYPE } from '../deployments/artifacts.ts';
import { wireHeaderValue } from '../http/responses.ts';

/** What the object store answers a GET or HEAD of a stored artifact with. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly lastModifiedUnixMs: number;
  readonly etag: string;
  readonly disposition: string | undefined;
}

/**
 * Serves an object as S3 does: 200 with the whole body, or 206 for one
 * `Range: bytes=a-b` / `a-` / `-n` with `Content-Range`; a range past the
 * end is 416. Several ranges in one header are not supported by S3, which
 * then sends the whole object; so does this.
 */
export function serveObject(
  request: HttpRequest,
  object: StoredObject,
  requestId: string,
): HttpResponse {
  const size = object.bytes.length;
  const headers: HttpHeader[] = [
    ['accept-ranges', 'bytes'],
    ['content-type', ARTIFACT_MEDIA_TYPE],
    ['etag', object.etag],
    ['last-modified', new Date(object.lastModifiedUnixMs).toUTCString()],
    ['x-amz-request-id', requestId],
  ];
  if (object.disposition !== undefined)
    headers.push(['content-disposition', wireHeaderValue(object.disposition)]);
  const withBody = request.method !== 'HEAD';
  const rangeHeader = headerValue(request.headers, 'range');
  const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, size);

  if (range === 'unsatisfiable') {
    return storageError(
      416,
      'InvalidRange',
      'The requested range is not satisfiable',
      requestId,
      [['content-range', `bytes */${size}`]],
    );
  }
  if (range === undefined) {
    headers.push(['content-length', String(size)]);
    return finish(200, headers, withBody ? object.bytes : EMPTY_BODY);
  }
  const [first, last] = range;
  headers.push(['content-length', String(last - first + 1)]);
  headers.push(['content-range', `bytes ${first}-${last}/${size}`]);
  return finish(
    206,
    headers,
    withBody ? object.bytes.subarray(first, last + 1) : EMPTY_BODY,
  );
}

/**
 * One byte range of RFC 9110, clipped to the object; undefined when the
 * header is not a single well-formed byte range (then the whole object is sent).
 */
export function parseRange(
  header: string,
  size: number,
): readonly [number, number] | 'unsatisfiable' | undefined {
  const match = /^\s*bytes=(\d*)-(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return undefined;
  if (startText === '') {
    const suffix = Number(endText);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(startText);
  if (start >= size) return 'unsatisfiable';
  const end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  if (end < start) return undefined;
  return [start, end];
}

/** S3's XML error document. */
export function storageError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extraHeaders: readonly HttpHeader[] = [],
): HttpResponse {
  const body = utf8(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
  );
  return finish(
    status,
    [
      ['content-type', 'application/xml'],
      ['x-amz-request-id', requestId],
      ...extraHeaders,
    ],
    body,
  );
}

function finish(status: number, headers: HttpHeader[], body: Uint8Array): HttpResponse {
  headers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { status, headers, body };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
