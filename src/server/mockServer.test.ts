import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SeededRandom, fromUtf8, headerValue, type HttpRequest } from '../sim/index.ts';
import { createMockServer, createMswHandlers } from './index.ts';

const API = 'https://eu.hosted.mender.io';

function request(method: string, path: string, body = ''): HttpRequest {
  return {
    method,
    url: `${API}${path}`,
    headers: [['content-type', 'application/json']],
    body: new TextEncoder().encode(body),
  };
}

describe('createMockServer', () => {
  it('answers an unknown route with a 404 JSON error carrying the request id', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(1) });
    const response = await server.routing(request('GET', '/api/devices/v9/nothing'));
    expect(response.status).toBe(404);
    const requestId = headerValue(response.headers, 'x-men-requestid');
    expect(JSON.parse(fromUtf8(response.body))).toEqual({
      error: 'not found',
      request_id: requestId,
    });
  });

  it('answers v2 next with 404 in the open-source profile', async () => {
    const server = createMockServer({
      now: () => 0,
      random: new SeededRandom(1),
      profile: 'open-source',
    });
    const response = await server.routing(
      request('POST', '/api/devices/v2/deployments/device/deployments/next', '{}'),
    );
    expect(response.status).toBe(404);
  });

  it('gives the same answers through the MSW handlers', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(1) });
    const handlers = createMswHandlers(() => server.routing);
    const response = await getResponse(
      handlers,
      new Request(`${API}/api/devices/v9/nothing`, {
        headers: { 'x-men-requestid': 'abc' },
      }),
    );
    expect(response?.status).toBe(404);
    expect(await response?.json()).toEqual({ error: 'not found', request_id: 'abc' });
  });
});
