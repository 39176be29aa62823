import {
  reasonPhrase,
  fromUtf8,
  headerValue,
  type HttpExchangeRecord,
  type HttpHeader,
} from '../sim/index.ts';

/**
 * HTTP Archive 1.2 (the format Chrome DevTools imports) built from the
 * trace's exchanges: the requests as the devices built them, with virtual
 * times turned into calendar times from the run's start date.
 */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
    /** What the archive leaves out, when it cannot hold the whole history. */
    comment?: string;
  };
}

interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: { name: string; value: string }[];
    queryString: { name: string; value: string }[];
    cookies: never[];
    headersSize: -1;
    bodySize: number;
    postData?: { mimeType: string; text: string; encoding?: 'base64' };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: { name: string; value: string }[];
    cookies: never[];
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64' };
    redirectURL: '';
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** Chrome's own field: shows the entries under Fetch/XHR in DevTools. */
  _resourceType: 'fetch';
  /** Which simulated device sent it. */
  _subject: string;
}

const TEXTUAL = /^(application\/(json|jwt)|text\/)/;

function headerList(headers: readonly HttpHeader[]) {
  return headers.map(([name, value]) => ({ name, value }));
}

function bodyContent(body: Uint8Array, mimeType: string) {
  if (body.byteLength === 0) return {};
  if (TEXTUAL.test(mimeType)) return { text: fromUtf8(body) };
  let binary = '';
  for (const byte of body) binary += String.fromCharCode(byte);
  return { text: btoa(binary), encoding: 'base64' as const };
}

function entryOf(record: HttpExchangeRecord, startDateMs: number): HarEntry {
  const { request, response } = record;
  const url = new URL(request.url);
  const requestType =
    headerValue(request.headers, 'content-type') ?? 'application/octet-stream';
  const responseType =
    (response && headerValue(response.headers, 'content-type')) ??
    'application/octet-stream';
  const duration = record.time - record.sentAt;
  return {
    startedDateTime: new Date(startDateMs + record.sentAt).toISOString(),
    time: duration,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      headers: headerList(request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: request.body.byteLength,
      ...(request.body.byteLength > 0
        ? {
            postData: {
              mimeType: requestType,
              text: '',
              ...bodyContent(request.body, requestType),
            },
          }
        : {}),
    },
    response: {
      status: response?.status ?? 0,
      statusText: response ? (reasonPhrase(response.status) ?? '') : '',
      httpVersion: 'HTTP/1.1',
      headers: headerList(response?.headers ?? []),
      cookies: [],
      content: {
        size: response?.body.byteLength ?? 0,
        mimeType: responseType,
        ...(response ? bodyContent(response.body, responseType) : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: response?.body.byteLength ?? 0,
      ...(record.failure !== undefined ? { _error: record.failure } : {}),
    },
    cache: {},
    // The whole virtual latency counts as waiting for the server.
    timings: { send: 0, wait: duration, receive: 0 },
    _resourceType: 'fetch',
    _subject: record.subject,
  };
}

/** A HAR document of the given exchanges, oldest first. */
export function buildHar(
  exchanges: readonly HttpExchangeRecord[],
  startDateMs: number,
  creatorVersion: string,
): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'MCU Fleet Simulator', version: creatorVersion },
      entries: exchanges.map((record) => entryOf(record, startDateMs)),
    },
  };
}
