import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { TestDevice, uploadArtifact } from '../testing/testDevice.ts';

describe('deployment log timestamps', () => {
  it('must be real RFC 3339 instants, as Go parses time.Time', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(81) });
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = new TestDevice(server, { mac: '02:00:00:00:78:01' });
    await device.admit();
    const id = server.createDeployment({
      name: 'd',
      artifactName: 'release-2',
      devices: [device.id],
    });
    expect((await device.nextV2()).status).toBe(200);
    const log = (timestamp: string) =>
      device.call('PUT', `/api/devices/v1/deployments/device/deployments/${id}/log`, {
        messages: [{ timestamp, level: 'error', message: 'boom' }],
      });
    for (const good of [
      '2026-01-01T00:00:00Z',
      '2024-02-29T23:59:59.123456789+05:30',
      '2026-12-31T10:00:00-23:59',
    ]) {
      expect((await log(good)).status).toBe(204);
    }
    for (const bad of [
      '2026-13-01T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:60:00Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:00+24:00',
      '2026-01-01T00:00:00+01:60',
      '2026-00-10T00:00:00Z',
    ]) {
      expect((await log(bad)).status, bad).toBe(400);
    }
  });
});
