import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer, type MockServer } from '../mockServer.ts';
import { tierIntervalLimit } from '../policies/policies.ts';
import { json, manage, TestDevice } from '../testing/testDevice.ts';

/** Names every plain JavaScript object answers to, unless told otherwise. */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

function makeServer(): MockServer {
  return createMockServer({ now: () => 0, random: new SeededRandom(11) });
}

describe('ids named like Object.prototype members', () => {
  it.each(PROTOTYPE_NAMES)(
    'are unknown devices, auth sets and tokens: %s',
    async (name) => {
      const server = makeServer();
      const device = new TestDevice(server, { mac: '02:00:00:00:70:01' });
      await device.admit();
      const devauth = '/api/management/v2/devauth';

      expect((await manage(server, 'GET', `${devauth}/devices/${name}`)).status).toBe(
        404,
      );
      const decommission = await manage(server, 'DELETE', `${devauth}/devices/${name}`);
      expect(decommission.status).toBe(404);
      expect(decommission.body).toHaveLength(0);
      expect(
        (
          await manage(
            server,
            'GET',
            `${devauth}/devices/${device.id}/auth/${name}/status`,
          )
        ).status,
      ).toBe(404);
      expect((await manage(server, 'DELETE', `${devauth}/tokens/${name}`)).status).toBe(
        404,
      );
      expect(
        (await manage(server, 'GET', `/api/management/v1/inventory/devices/${name}`))
          .status,
      ).toBe(404);
      expect(
        (
          await manage(
            server,
            'PUT',
            `/api/management/v1/inventory/devices/${name}/group`,
            {
              group: 'g',
            },
          )
        ).status,
      ).toBe(404);
      // The device that exists is untouched by all of this.
      expect((await device.nextV2()).status).toBe(204);
    },
  );

  it.each(PROTOTYPE_NAMES)(
    'is no auth-set status an operator may set: %s',
    async (name) => {
      const server = makeServer();
      const device = new TestDevice(server, { mac: '02:00:00:00:70:02' });
      await device.authenticate();
      const authSetId = server.device(device.id)?.authSets[0]?.id ?? '';
      const response = await manage(
        server,
        'PUT',
        `/api/management/v2/devauth/devices/${device.id}/auth/${authSetId}/status`,
        { status: name },
      );
      expect(response.status).toBe(400);
      expect(json(response)).toMatchObject({ error: 'incorrect device status' });
    },
  );

  it('is no tier that escapes the fair-use limiter', async () => {
    const server = makeServer();
    const device = new TestDevice(server, {
      mac: '02:00:00:00:70:03',
      tier: 'constructor',
    });
    await device.admit();
    server.setRateLimit(tierIntervalLimit({ quota: 1, burst: 1 }));
    expect((await device.nextV2()).status).toBe(204);
    expect((await device.nextV2()).status).toBe(429);
  });

  it('keeps an identity key named __proto__ apart from an empty identity', async () => {
    const server = makeServer();
    const plain = new TestDevice(server, { mac: '02:00:00:00:70:04' });
    const withProto = new TestDevice(server, { mac: '02:00:00:00:70:04', keySeed: 99 });
    Object.defineProperty(withProto, 'identity', {
      value: JSON.parse('{"__proto__":{"mac":"x"},"mac":"02:00:00:00:70:04"}'),
    });
    await plain.authenticate();
    await withProto.authenticate();
    expect(server.listDevices()).toHaveLength(2);
  });
});
