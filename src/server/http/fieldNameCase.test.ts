import { describe, expect, it } from 'vitest';

import { SeededRandom, utf8 } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import {
  API,
  manage,
  signDer,
  TestDevice,
  uploadArtifact,
} from '../testing/testDevice.ts';

async function setup() {
  const server = createMockServer({ now: () => 0, random: new SeededRandom(109) });
  await uploadArtifact(server, 'release-2', ['esp32s3']);
  const device = new TestDevice(server, { mac: '02:00:00:00:7b:01' });
  await device.admit();
  const id = server.createDeployment({
    name: 'd',
    artifactName: 'release-2',
    devices: [device.id],
  });
  return { server, device, id };
}

describe("JSON field names, matched as Go's encoding/json matches struct fields", () => {
  it('match whatever their case, the last match winning', async () => {
    const { server, device, id } = await setup();
    const next = await device.call(
      'POST',
      '/api/devices/v1/deployments/device/deployments/next',
      {
        Artifact_Name: 'release-1',
        DEVICE_TYPE: 'esp32s3',
      },
    );
    expect(next.status).toBe(200);
    const path = `/api/devices/v1/deployments/device/deployments/${id}`;
    expect(
      (await device.call('PUT', `${path}/status`, { STATUS: 'downloading' })).status,
    ).toBe(204);
    expect(
      (
        await device.call('PUT', `${path}/status`, {
          Status: 'bogus',
          status: 'installing',
        })
      ).status,
    ).toBe(204);
    expect(server.deviceDeployment(id, device.id)?.status).toBe('installing');
    const log = await device.call('PUT', `${path}/log`, {
      Messages: [{ TimeStamp: '2026-01-01T00:00:00Z', LEVEL: 'info', Message: 'm' }],
    });
    expect(log.status).toBe(204);
    expect((await device.inventory('PATCH', [{ Name: 'fw', VALUE: '1.0' }])).status).toBe(
      200,
    );
    const group = await manage(
      server,
      'PUT',
      `/api/management/v1/inventory/devices/${device.id}/group`,
      { GROUP: 'lab' },
    );
    expect(group.status).toBe(204);
  });

  it('in auth requests too', async () => {
    const { server } = await setup();
    const other = new TestDevice(server, { mac: '02:00:00:00:7b:02' });
    const body = utf8(
      JSON.stringify({
        ID_DATA: JSON.stringify(other.identity),
        PubKey: other.key.pem,
        Tenant_Token: server.tenantToken,
      }),
    );
    const response = await server.routing({
      method: 'POST',
      url: `${API}/api/devices/v1/authentication/auth_requests`,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-MEN-Signature', signDer(other.key.secret, body)],
      ],
      body,
    });
    expect(response.status).toBe(401);
    expect(server.findDevice(other.identity)?.status).toBe('pending');
  });
});
