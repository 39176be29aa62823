import { describe, expect, it } from 'vitest';

import { SeededRandom, utf8 } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { API, json, manage, signDer, TestDevice } from '../testing/testDevice.ts';

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function setup() {
  const server = createMockServer({
    now: () => 0,
    random: new SeededRandom(41),
    profile: 'open-source',
  });
  const device = new TestDevice(server, { mac: '02:00:00:00:73:01' });
  const authWith = (fields: Record<string, unknown>) => {
    const body = utf8(JSON.stringify({ pubkey: device.key.pem, ...fields }));
    return server.routing({
      method: 'POST',
      url: `${API}/api/devices/v1/authentication/auth_requests`,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-MEN-Signature', signDer(device.key.secret, body)],
      ],
      body,
    });
  };
  return { server, device, authWith };
}

describe('deeply nested JSON', () => {
  it("is refused with 400 past Go's 10000 levels, in the body as in id_data", async () => {
    const { server, authWith } = setup();
    const inIdData = await authWith({ id_data: nested(10_001) });
    expect(inIdData.status).toBe(400);
    expect(json(inIdData)).toMatchObject({
      error: expect.stringContaining('exceeded max depth') as unknown,
    });
    const body = `{"x":${'['.repeat(10_001)}${']'.repeat(10_001)}}`;
    const ignoredField = await authWith({ id_data: '{"mac":"1"}', extra: 0 });
    expect(ignoredField.status).toBe(401);
    const deepBody = await server.routing({
      method: 'POST',
      url: `${API}/api/devices/v1/authentication/auth_requests`,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-MEN-Signature', 'AAAA'],
      ],
      body: utf8(body),
    });
    expect(deepBody.status).toBe(400);
  });

  it('in identity data is refused with 400 past 100 levels, never thrown', async () => {
    const { server, authWith } = setup();
    expect((await authWith({ id_data: nested(100) })).status).toBe(401);
    const deep = await authWith({ id_data: nested(5_000) });
    expect(deep.status).toBe(400);
    expect(json(deep)).toMatchObject({
      error: expect.stringContaining('100 levels') as unknown,
    });
    const preauth = await manage(server, 'POST', '/api/management/v2/devauth/devices', {
      identity_data: JSON.parse(nested(1_000)) as unknown,
      pubkey: new TestDevice(server, { mac: 'x' }).key.pem,
    });
    expect(preauth.status).toBe(400);
    expect(server.listDevices()).toHaveLength(1);
    expect(() => server.exportState()).not.toThrow();
  });
});
