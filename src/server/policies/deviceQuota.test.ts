import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { TestDevice } from '../testing/testDevice.ts';
import { fixedWindowLimit } from './policies.ts';

describe("the open-source limiter's default group, keyed by device id", () => {
  it('gives a device one quota for all the routes it counts', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(127) });
    const device = new TestDevice(server, { mac: '02:00:00:00:7d:01' });
    await device.admit();
    server.setRateLimit(fixedWindowLimit({ quota: 2 }));
    expect((await device.nextV2()).status).toBe(204);
    expect((await device.inventory('PATCH', [{ name: 'a', value: 'b' }])).status).toBe(
      200,
    );
    expect((await device.inventory('PATCH', [{ name: 'a', value: 'c' }])).status).toBe(
      429,
    );
    expect((await device.nextV2()).status).toBe(429);
  });

  it("counts the open-source server's 404 to the v2 next probe", async () => {
    const server = createMockServer({
      now: () => 0,
      random: new SeededRandom(127),
      profile: 'open-source',
    });
    const device = new TestDevice(server, { mac: '02:00:00:00:7d:02' });
    await device.admit();
    server.setRateLimit(fixedWindowLimit({ quota: 2 }));
    expect((await device.nextV2()).status).toBe(404);
    expect((await device.nextV1()).status).toBe(204);
    expect((await device.nextV2()).status).toBe(429);
  });
});
