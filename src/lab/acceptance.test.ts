/**
 * The polling lab against the reference's back-of-envelope
 * (polling-and-limits.md C4, C6) and the hosted fair-use limiter (C2).
 * Fleets and durations are the issue's; they take minutes, not seconds.
 */
import { describe, expect, it } from 'vitest';

import { LabRun, validateLab, type LabInput } from './index.ts';

function lab(input: Omit<LabInput, 'format' | 'version'>): LabInput {
  return { format: 'mcu-fleet-simulator/lab', version: 1, ...input };
}

function within(measured: number, model: number, share: number): void {
  expect(Math.abs(measured - model) / model).toBeLessThanOrEqual(share);
}

describe('requests per device per day against C4', () => {
  it('demo preset, 100 devices, 1 virtual day', { timeout: 900_000 }, async () => {
    const run = new LabRun(
      validateLab(
        lab({
          name: 'demo day',
          seed: 3,
          durationSeconds: 86_400,
          devices: 100,
          bootWindow: 'first-poll-interval',
          server: { profile: 'hosted' },
          fleets: [
            { name: 'demo', preset: 'demo' },
            { name: 'micro', preset: 'micro' },
          ],
        }),
        'test',
      ),
    );
    const demo = (await run.runToEnd()).fleets[0]!;
    expect(demo.bootWindowSeconds).toBe(30);
    expect(demo.model.requestsPerDevicePerDay.next).toBe(2880);
    expect(demo.model.requestsPerDevicePerDay.inventory).toBe(1440);
    // C4's table: 4320.1 requests per device per day with the 7-day token.
    expect(demo.model.requestsPerDevicePerDay.total).toBeCloseTo(4320.1, 1);
    within(demo.measured.requestsPerDevicePerDay.next, 2880, 0.02);
    within(demo.measured.requestsPerDevicePerDay.inventory, 1440, 0.02);
    // One auth per boot: no token reaches its 7-day expiry in a day.
    expect(demo.measured.requestsPerDevicePerDay.auth).toBe(1);
    expect(demo.measured.responsesByStatus['429']).toBeUndefined();
  });

  it('standard preset, 100 devices, 7 virtual days', { timeout: 300_000 }, async () => {
    const run = new LabRun(
      validateLab(
        lab({
          name: 'standard week',
          seed: 3,
          durationSeconds: 7 * 86_400,
          devices: 100,
          bootWindow: 'first-poll-interval',
          server: { profile: 'hosted' },
          fleets: [
            { name: 'standard', preset: 'standard' },
            { name: 'guidance', preset: 'guidance-2025' },
          ],
        }),
        'test',
      ),
    );
    const [standard, guidance] = (await run.runToEnd()).fleets;
    expect(standard!.bootWindowSeconds).toBe(1800);
    expect(standard!.model.requestsPerDevicePerDay.next).toBe(48);
    expect(standard!.model.requestsPerDevicePerDay.inventory).toBe(3);
    expect(standard!.model.requestsPerDevicePerDay.total).toBeCloseTo(51.1, 1);
    within(standard!.measured.requestsPerDevicePerDay.next, 48, 0.02);
    within(standard!.measured.requestsPerDevicePerDay.inventory, 3, 0.02);
    within(guidance!.measured.requestsPerDevicePerDay.next, 1, 0.02);
  });
});

describe('time to pick up a deployment against the uniform-phase model (C6)', () => {
  it('1,000 devices at the standard preset', { timeout: 300_000 }, async () => {
    const run = new LabRun(
      validateLab(
        lab({
          name: 'pickup',
          seed: 5,
          durationSeconds: 6000,
          devices: 1000,
          bootWindow: 1800,
          deployment: { atSeconds: 3600, payloadBytes: 16_384 },
          fleets: [
            { name: 'standard', preset: 'standard' },
            { name: 'micro', preset: 'micro' },
          ],
        }),
        'test',
      ),
    );
    const [standard, micro] = (await run.runToEnd()).fleets;
    const deployment = standard!.measured.deployment!;
    expect(deployment.pickedUp).toBe(1000);
    expect(deployment.succeeded).toBe(1000);
    expect(standard!.model.pickupSeconds).toEqual({ p50: 900, p90: 1620, p99: 1782 });
    within(deployment.pickupSeconds.p50!, 900, 0.1);
    within(deployment.pickupSeconds.p90!, 1620, 0.1);
    // The CDF climbs to the whole fleet by one poll interval.
    expect(deployment.pickupSeconds.cdf.at(-1)!.share).toBe(1);
    expect(deployment.pickupSeconds.max!).toBeLessThanOrEqual(1800 + 5);
    // A week-long poll interval: none of the micro fleet has polled since.
    expect(micro!.measured.deployment!.pickedUp).toBe(0);
  });
});

describe('hosted fair-use limiter (C2)', () => {
  it('answers demo-interval devices with 429 and never the exempt test devices', async () => {
    const run = new LabRun(
      validateLab(
        lab({
          name: 'limiter',
          seed: 9,
          durationSeconds: 900,
          devices: 10,
          bootWindow: 30,
          server: {
            profile: 'hosted',
            rateLimit: { kind: 'tier-interval' },
            testDevices: 3,
          },
          fleets: [
            { name: 'demo', preset: 'demo' },
            { name: 'micro', preset: 'micro' },
          ],
        }),
        'test',
      ),
    );
    const [demo, micro] = (await run.runToEnd()).fleets;
    const perDevice = run.fleets[0]!.metrics.measurements(run.now).requestsPerDevice;
    expect(demo!.measured.rateLimit.testDevices).toBe(3);
    expect(demo!.measured.rateLimit.testDevicesWith429).toBe(0);
    expect(demo!.measured.rateLimit.limitedDevicesWith429).toBe(7);
    expect(demo!.measured.rateLimit.http429).toBeGreaterThanOrEqual(7);
    // The exempt devices keep polling every 30 s and pushing inventory every
    // 60 s for the whole 900 s; the limited ones are held off after their burst.
    const exempt = perDevice.slice(0, 3);
    const limited = perDevice.slice(3);
    for (const requests of exempt) expect(requests).toBeGreaterThanOrEqual(0.98 * 45);
    expect(Math.max(...limited)).toBeLessThan(Math.min(...exempt) / 3);
    const series = demo!.series.http429.reduce((sum, n) => sum + n, 0);
    expect(series).toBe(demo!.measured.rateLimit.http429);
    expect(micro!.measured.rateLimit.http429).toBe(0);
  });
});

describe('return after a server outage (C7)', () => {
  it('devices in backoff come back within the backoff cap', async () => {
    const run = new LabRun(
      validateLab(
        lab({
          name: 'outage',
          seed: 4,
          durationSeconds: 3600,
          devices: 10,
          bootWindow: 30,
          outage: { atSeconds: 600, durationSeconds: 300 },
          fleets: [
            { name: 'demo', preset: 'demo' },
            {
              name: 'custom',
              preset: 'custom',
              updatePollSeconds: 120,
              inventorySeconds: 600,
            },
          ],
        }),
        'test',
      ),
    );
    const [demo, custom] = (await run.runToEnd()).fleets;
    const demoOutage = demo!.measured.outage!;
    expect(demoOutage.returned).toBe(10);
    expect(demo!.model.outageReturnWithinSeconds).toBe(15);
    expect(demoOutage.returnSeconds.max!).toBeLessThanOrEqual(15 + 1);
    expect(demo!.measured.responsesByStatus['503']).toBeGreaterThan(0);
    const customOutage = custom!.measured.outage!;
    expect(customOutage.returned).toBe(10);
    // Backoff (60, 120, 240 s...) outlasts the 120 s poll interval.
    expect(custom!.model.outageReturnWithinSeconds).toBe(540);
    expect(customOutage.returnSeconds.max!).toBeGreaterThan(120);
    expect(customOutage.returnSeconds.max!).toBeLessThanOrEqual(540 + 1);
  });
});
