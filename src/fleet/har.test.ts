import { describe, expect, it } from 'vitest';

import { utf8, type HttpExchangeRecord } from '../sim/index.ts';
import { buildHar } from './har.ts';

const START = Date.UTC(2026, 0, 1);

const authExchange: HttpExchangeRecord = {
  kind: 'http',
  time: 1_120,
  sentAt: 1_000,
  subject: 'esp32-1',
  request: {
    method: 'POST',
    url: 'https://hosted.mender.io/api/devices/v1/authentication/auth_requests',
    headers: [
      ['Content-Type', 'application/json'],
      ['X-MEN-Signature', 'MEUCIQ=='],
    ],
    body: utf8('{"id_data":"{}"}'),
  },
  response: {
    status: 401,
    headers: [['content-type', 'application/json']],
    body: utf8('{"error":"unauthorized"}'),
  },
};

const download: HttpExchangeRecord = {
  kind: 'http',
  time: 5_000,
  sentAt: 4_000,
  subject: 'esp32-1',
  request: {
    method: 'GET',
    url: 'https://storage.example/a?x=1',
    headers: [],
    body: new Uint8Array(),
  },
  response: {
    status: 206,
    headers: [['content-type', 'application/octet-stream']],
    body: new Uint8Array([0, 255, 16]),
  },
};

describe('buildHar', () => {
  it('has one entry per exchange with calendar times, headers and bodies', () => {
    const har = JSON.parse(
      JSON.stringify(buildHar([authExchange, download], START, '0.1.0')),
    );
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(2);

    const [auth, data] = har.log.entries;
    expect(auth.startedDateTime).toBe('2026-01-01T00:00:01.000Z');
    expect(auth.time).toBe(120);
    expect(auth.request.headers).toContainEqual({
      name: 'X-MEN-Signature',
      value: 'MEUCIQ==',
    });
    expect(auth.request.postData).toEqual({
      mimeType: 'application/json',
      text: '{"id_data":"{}"}',
    });
    expect(auth.response).toMatchObject({
      status: 401,
      statusText: 'Unauthorized',
      content: {
        size: 24,
        mimeType: 'application/json',
        text: '{"error":"unauthorized"}',
      },
    });

    expect(data.request.queryString).toEqual([{ name: 'x', value: '1' }]);
    expect(data.request.postData).toBeUndefined();
    expect(data.response.content).toEqual({
      size: 3,
      mimeType: 'application/octet-stream',
      text: 'AP8Q',
      encoding: 'base64',
    });
  });

  it('keeps a failed exchange with its reason', () => {
    const { response: _answered, ...unanswered } = authExchange;
    const failed: HttpExchangeRecord = { ...unanswered, failure: 'TLS handshake failed' };
    const { response } = buildHar([failed], START, '0.1.0').log.entries[0]!;
    expect(response.status).toBe(0);
    expect(response._error).toBe('TLS handshake failed');
  });
});
