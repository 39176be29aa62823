import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, manage, TestDevice, uploadArtifact } from '../testing/testDevice.ts';

/** Two UTF-8 bytes, one UTF-16 unit. */
const E_ACUTE = 'é';

async function setup() {
  const server = createMockServer({ now: () => 0, random: new SeededRandom(51) });
  await uploadArtifact(server, 'release-2', ['esp32s3']);
  const device = new TestDevice(server, { mac: '02:00:00:00:74:01' });
  await device.admit();
  return { server, device };
}

describe("length limits count UTF-8 bytes, as ozzo-validation's Length does", () => {
  it('on the artifact name a device reports (1 to 4096)', async () => {
    const { device } = await setup();
    expect((await device.nextV1(E_ACUTE.repeat(2048))).status).toBe(204);
    expect((await device.nextV1(E_ACUTE.repeat(2049))).status).toBe(400);
    expect((await device.nextV2('😀'.repeat(1025))).status).toBe(400);
  });

  it('on the substate of a status report (at most 200)', async () => {
    const { server, device } = await setup();
    const id = server.createDeployment({
      name: 'd',
      artifactName: 'release-2',
      devices: [device.id],
    });
    expect((await device.nextV2()).status).toBe(200);
    const report = (substate: string) =>
      device.call('PUT', `/api/devices/v1/deployments/device/deployments/${id}/status`, {
        status: 'downloading',
        substate,
      });
    expect((await report(E_ACUTE.repeat(101))).status).toBe(400);
    expect((await report(E_ACUTE.repeat(100))).status).toBe(204);
  });

  it('on inventory attribute names (1 to 1024)', async () => {
    const { device } = await setup();
    const named = (name: string) => device.inventory('PATCH', [{ name, value: 'v' }]);
    expect((await named(E_ACUTE.repeat(512))).status).toBe(200);
    expect((await named(E_ACUTE.repeat(513))).status).toBe(400);
  });

  it('on deployment and release names (1 to 4096)', async () => {
    const { server, device } = await setup();
    const create = (name: string) =>
      manage(server, 'POST', '/api/management/v1/deployments/deployments', {
        name,
        artifact_name: 'release-2',
        devices: [device.id],
      });
    const tooLong = await create(E_ACUTE.repeat(2049));
    expect(tooLong.status).toBe(400);
    expect(json(tooLong)).toMatchObject({
      error: 'Validating request body: name: the length must be between 1 and 4096.',
    });
    expect((await create(E_ACUTE.repeat(2048))).status).toBe(201);
  });
});
