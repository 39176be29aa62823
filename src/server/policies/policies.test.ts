import { describe, expect, it } from 'vitest';

import { SeededRandom, headerValue } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, TestDevice } from '../testing/testDevice.ts';
import { fixedWindowLimit, tierIntervalLimit } from './policies.ts';

function setup() {
  const clock = { now: 0 };
  const server = createMockServer({ now: () => clock.now, random: new SeededRandom(21) });
  return { server, clock };
}

describe('policies', () => {
  it('rate-limited', async () => {
    const { server, clock } = setup();
    const limited = new TestDevice(server, { mac: '02:00:00:00:10:01' });
    const exempt = new TestDevice(server, { mac: '02:00:00:00:10:02' });
    await limited.admit();
    await exempt.admit();
    server.setRateLimit(
      fixedWindowLimit({ quota: 3, windowSeconds: 60, exemptDeviceIds: [exempt.id] }),
    );

    clock.now = 10_500;
    for (let index = 0; index < 3; index++)
      expect((await limited.nextV2()).status).toBe(204);
    const refused = await limited.nextV2();
    expect(refused.status).toBe(429);
    // 49.5 s left in the minute, rounded up to whole seconds.
    expect(headerValue(refused.headers, 'retry-after')).toBe('50');
    expect(json(refused)).toMatchObject({ error: 'too many requests' });
    // One quota per device: inventory draws on the same one.
    expect((await limited.inventory('PATCH', [{ name: 'a', value: 'b' }])).status).toBe(
      429,
    );
    for (let index = 0; index < 10; index++)
      expect((await exempt.nextV2()).status).toBe(204);

    clock.now = 60_000;
    expect((await limited.nextV2()).status).toBe(204);
  });

  it('throttles faster than the tier interval, after the burst', async () => {
    const { server, clock } = setup();
    const micro = new TestDevice(server, { mac: '02:00:00:00:10:03', tier: 'micro' });
    const standard = new TestDevice(server, {
      mac: '02:00:00:00:10:04',
      tier: 'standard',
    });
    await micro.admit();
    await standard.admit();
    server.setRateLimit(tierIntervalLimit({ quota: 1, burst: 2 }));
    for (const device of [micro, standard]) {
      expect((await device.nextV2()).status).toBe(204);
      expect((await device.nextV2()).status).toBe(204);
    }
    const microRefused = await micro.nextV2();
    expect(microRefused.status).toBe(429);
    expect(headerValue(microRefused.headers, 'retry-after')).toBe('604800');
    const standardRefused = await standard.nextV2();
    expect(headerValue(standardRefused.headers, 'retry-after')).toBe('1800');
    // Half an hour later the standard device has a check again; the micro one waits a week.
    clock.now = 1_800_000;
    expect((await standard.nextV2()).status).toBe(204);
    expect((await micro.nextV2()).status).toBe(429);
  });

  it('allows at most 10 exempt test devices', () => {
    const { server } = setup();
    const ids = Array.from({ length: 11 }, (_, index) => `device-${index}`);
    expect(() =>
      server.setRateLimit(tierIntervalLimit({ exemptDeviceIds: ids })),
    ).toThrow('at most 10 test devices');
  });

  it('injects outages, 5xx answers and refuses every auth on request', async () => {
    const { server, clock } = setup();
    const device = new TestDevice(server, { mac: '02:00:00:00:10:05' });
    await device.admit();

    server.setFaults({
      outages: [
        { fromMs: 1000, toMs: 2000, kind: 'unavailable' },
        { fromMs: 3000, toMs: 4000, kind: 'unreachable' },
      ],
    });
    clock.now = 1500;
    expect((await device.nextV2()).status).toBe(503);
    clock.now = 3500;
    await expect(async () => device.nextV2()).rejects.toThrow('outage');
    clock.now = 4000;
    expect((await device.nextV2()).status).toBe(204);

    server.setFaults({ outages: [], errorRate: 0.5, errorStatus: 502 });
    const statuses = [];
    for (let index = 0; index < 200; index++)
      statuses.push((await device.nextV2()).status);
    const failed = statuses.filter((status) => status === 502).length;
    expect(failed).toBeGreaterThan(70);
    expect(failed).toBeLessThan(130);

    server.setFaults({ errorRate: 0, refuseAllAuth: true, addedLatencyMs: 300 });
    expect((await device.authenticate()).status).toBe(401);
    expect(server.extraLatencyMs()).toBe(300);
    // The management API stays usable during device faults.
    expect(server.listDevices()).toHaveLength(1);
  });
});
