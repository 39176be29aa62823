import { describe, expect, it } from 'vitest';

import { SeededRandom, type HttpResponse } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { API, json, TestDevice } from '../testing/testDevice.ts';

const NEXT = `${API}/api/devices/v1/deployments/device/deployments/next?artifact_name=a&device_type=t`;

async function admitted() {
  const server = createMockServer({ now: () => 0, random: new SeededRandom(21) });
  const device = new TestDevice(server, { mac: '02:00:00:00:71:01' });
  await device.admit();
  const token = device.token ?? '';
  const next = (authorization: string): Promise<HttpResponse> =>
    Promise.resolve(
      server.routing({
        method: 'GET',
        url: NEXT,
        headers: [['Authorization', authorization]],
        body: new Uint8Array(0),
      }),
    );
  return { token, next };
}

describe("the device token in Authorization, read as deviceauth's verify reads it", () => {
  it('cuts out "Bearer" or "bearer" and trims, so a bare token or a tab works', async () => {
    const { token, next } = await admitted();
    expect((await next(`Bearer ${token}`)).status).toBe(204);
    expect((await next(`bearer ${token}`)).status).toBe(204);
    expect((await next(token)).status).toBe(204);
    expect((await next(`Bearer\t${token}`)).status).toBe(204);
    expect((await next(`Bearer  ${token} `)).status).toBe(204);
  });

  it('does not know other spellings: "BEARER x" is an invalid token, a bare 401', async () => {
    const { token, next } = await admitted();
    for (const header of [`BEARER ${token}`, `Basic ${token}`, 'Bearer', 'Bearer  ']) {
      const response = await next(header);
      expect(response.status).toBe(401);
      expect(response.body).toHaveLength(0);
    }
  });

  it('answers a missing or empty header with the JSON "not present" error', async () => {
    const { next } = await admitted();
    const response = await next('');
    expect(response.status).toBe(401);
    expect(json(response)).toMatchObject({
      error: 'Authorization not present in header',
    });
  });
});
