import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { manage, TestDevice, uploadArtifact } from '../testing/testDevice.ts';

describe('deleting an artifact', () => {
  it('is refused while a device deployment under way has it assigned', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(131) });
    const { artifact } = await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = new TestDevice(server, { mac: '02:00:00:00:7e:01' });
    await device.admit();
    const id = server.createDeployment({
      name: 'd',
      artifactName: 'release-2',
      devices: [device.id],
    });
    expect((await device.nextV2()).status).toBe(200);
    expect((await device.status(id, 'success')).status).toBe(204);
    expect(server.deployment(id)?.status).toBe('finished');
    // deployments lets a device move on from a final status; it is under way again.
    expect((await device.status(id, 'downloading')).status).toBe(204);
    const path = `/api/management/v1/deployments/artifacts/${artifact.id}`;
    expect((await manage(server, 'DELETE', path)).status).toBe(409);
    expect((await device.nextV2()).status).toBe(200);
  });
});
