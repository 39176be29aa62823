import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer, type MockServer } from '../mockServer.ts';
import { json, manage, TestDevice } from '../testing/testDevice.ts';

const DEVICES = '/api/management/v2/devauth/devices';

function setup(): MockServer {
  return createMockServer({ now: () => 0, random: new SeededRandom(71) });
}

const setStatus = (
  server: MockServer,
  deviceId: string,
  authSetId: string,
  status: string,
) => manage(server, 'PUT', `${DEVICES}/${deviceId}/auth/${authSetId}/status`, { status });

const authSetIds = (server: MockServer, deviceId: string) =>
  server.device(deviceId)?.authSets.map((set) => set.id) ?? [];

describe("auth-set status changes, in deviceauth's order of checks", () => {
  it('accepting an accepted set changes nothing and answers 204, whatever device id is given', async () => {
    const server = setup();
    const device = new TestDevice(server, { mac: '02:00:00:00:76:01' });
    await device.admit();
    const [authSetId = ''] = authSetIds(server, device.id);
    expect((await setStatus(server, device.id, authSetId, 'accepted')).status).toBe(204);
    expect(
      (await setStatus(server, 'another-device', authSetId, 'accepted')).status,
    ).toBe(204);
    expect((await device.nextV2()).status).toBe(204);
  });

  it('rejecting or resetting looks at the auth set, never for the device', async () => {
    const server = setup();
    const device = new TestDevice(server, { mac: '02:00:00:00:76:02' });
    await device.authenticate();
    const [authSetId = ''] = authSetIds(server, device.id);
    for (const status of ['rejected', 'pending']) {
      const response = await setStatus(server, 'another-device', authSetId, status);
      expect(response.status).toBe(400);
      expect(json(response)).toMatchObject({
        error: 'dev auth: dev ID and auth ID mismatch',
      });
    }
    expect((await setStatus(server, device.id, authSetId, 'pending')).status).toBe(204);
  });

  it('counts the device itself when an accepted device gets another set accepted', async () => {
    const server = setup();
    const device = new TestDevice(server, { mac: '02:00:00:00:76:03' });
    await device.admit();
    server.setMaxDevices(1);
    const rotated = new TestDevice(server, { mac: '02:00:00:00:76:03', keySeed: 5 });
    expect((await rotated.authenticate()).status).toBe(401);
    const [, newSet = ''] = authSetIds(server, device.id);
    expect((await setStatus(server, device.id, newSet, 'accepted')).status).toBe(422);
  });

  it('a preauthorized key that signs in rejects the set accepted before it', async () => {
    const server = setup();
    const device = new TestDevice(server, { mac: '02:00:00:00:76:04' });
    await device.admit();
    const rotated = new TestDevice(server, { mac: '02:00:00:00:76:04', keySeed: 6 });
    const forced = await manage(server, 'POST', DEVICES, {
      identity_data: device.identity,
      pubkey: rotated.key.pem,
      force: true,
    });
    expect(forced.status).toBe(201);
    expect((await rotated.authenticate()).status).toBe(200);
    expect(server.device(device.id)?.authSets.map((set) => set.status)).toEqual([
      'rejected',
      'accepted',
    ]);
    expect((await device.nextV2()).status).toBe(401);
    expect((await rotated.nextV2()).status).toBe(204);
  });

  it('preauthorizing refuses empty identity data as blank', async () => {
    const server = setup();
    const pem = new TestDevice(server, { mac: 'x' }).key.pem;
    const response = await manage(server, 'POST', DEVICES, {
      identity_data: {},
      pubkey: pem,
    });
    expect(response.status).toBe(400);
    expect(json(response)).toMatchObject({
      error: 'failed to decode preauth request: identity_data: cannot be blank.',
    });
  });
});
