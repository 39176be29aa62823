import { describe, expect, it } from 'vitest';

import { utf8, type HttpExchangeRecord } from '../sim/index.ts';
import { FleetMetrics, bucketSecondsFor } from './fleetMetrics.ts';
import {
  DEFAULT_ASSUMPTIONS,
  LabError,
  LabRun,
  fleetSettings,
  labCsv,
  modelFigures,
  parseLab,
  validateLab,
  type LabInput,
} from './index.ts';
import { fleetScenario } from './labScenario.ts';
import { kconfigOptions } from './presets.ts';
import { cdf, percentile } from './statistics.ts';
import { endpointOf, requestWireBytes, responseWireBytes } from './wire.ts';

const API = 'https://hosted.mender.io/api/devices';

const twoFleets: LabInput = {
  format: 'mcu-fleet-simulator/lab',
  version: 1,
  name: 'two fleets',
  seed: 1,
  durationSeconds: 600,
  devices: 3,
  fleets: [
    { name: 'demo', preset: 'demo' },
    { name: 'fast', preset: 'custom', updatePollSeconds: 60, inventorySeconds: 300 },
  ],
};

function exchange(
  subject: string,
  sentAt: number,
  url: string,
  status: number | undefined,
  body = '',
): HttpExchangeRecord {
  return {
    kind: 'http',
    subject,
    time: sentAt + 120,
    sentAt,
    request: { method: 'PUT', url, headers: [['User-Agent', 'x']], body: utf8(body) },
    ...(status !== undefined
      ? { response: { status, headers: [], body: new Uint8Array(0) } }
      : { failure: 'connection refused' }),
  };
}

describe('lab file', () => {
  it('fills presets and reports every problem with its path', () => {
    const lab = validateLab(twoFleets, 'two.json');
    expect(fleetSettings(lab.fleets[0]!)).toMatchObject({
      updatePollSeconds: 30,
      inventorySeconds: 60,
      retryMaxBackoffSeconds: 15,
    });
    expect(fleetSettings(lab.fleets[1]!)).toMatchObject({
      updatePollSeconds: 60,
      inventorySeconds: 300,
      tier: 'micro',
    });
    expect(lab.bootWindow).toBe('first-poll-interval');

    const bad = {
      ...twoFleets,
      devices: 2,
      server: { testDevices: 5 },
      fleets: [
        { name: 'a', preset: 'custom' },
        { name: 'a', preset: 'hourly' },
      ],
    };
    let error: unknown;
    try {
      validateLab(bad, 'bad.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LabError);
    const paths = (error as LabError).problems.map((problem) => problem.path);
    expect(paths).toContain('fleets[1].preset');
    expect((error as LabError).message).toContain('bad.json');
    expect(() => parseLab('{', 'broken.json')).toThrow(/broken.json[\s\S]*not JSON/);
    expect(() =>
      validateLab({ ...twoFleets, fleets: [twoFleets.fleets[0]] }, 'one.json'),
    ).toThrow(/fleets/);
  });

  it('holds interval settings to the Kconfig ranges and names the fleet field', () => {
    const problemsOf = (fleet: Record<string, unknown>) => {
      try {
        validateLab({ ...twoFleets, fleets: [twoFleets.fleets[0], fleet] }, 'lab.json');
      } catch (error) {
        return (error as LabError).problems;
      }
      return [];
    };
    const demo = { name: 'b', preset: 'demo' };
    // The Kconfig catalog gives MENDER_RETRY_ERROR_BACKOFF 0..3600 and the maximum 0..21600.
    expect(problemsOf({ ...demo, retryBackoffSeconds: 3600 })).toEqual([]);
    expect(problemsOf({ ...demo, retryBackoffSeconds: 999_999 })).toEqual([
      {
        path: 'fleets[1].retryBackoffSeconds',
        message: expect.stringMatching(/CONFIG_MENDER_RETRY_ERROR_BACKOFF.*1 to 3600/),
      },
    ]);
    expect(problemsOf({ ...demo, retryMaxBackoffSeconds: 21_600 })).toEqual([]);
    expect(problemsOf({ ...demo, retryMaxBackoffSeconds: 99_999_999 })[0]).toMatchObject({
      path: 'fleets[1].retryMaxBackoffSeconds',
      message: expect.stringMatching(/1 to 21600/),
    });
    expect(problemsOf({ ...demo, updatePollSeconds: 2_592_001 })[0]).toMatchObject({
      path: 'fleets[1].updatePollSeconds',
      message: expect.stringMatching(
        /CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL.*1 to 2592000/,
      ),
    });
    expect(problemsOf({ ...demo, inventorySeconds: 2_592_001 })[0]?.path).toBe(
      'fleets[1].inventorySeconds',
    );
    // Inventory 0 would stop the real client (a zero scheduler period), so it is refused.
    expect(problemsOf({ ...demo, inventorySeconds: 0 })).toEqual([
      {
        path: 'fleets[1].inventorySeconds',
        message: expect.stringMatching(/is 0.*asserts on a zero period/),
      },
    ]);
  });

  it('names the lab and the fleet field when the simulator refuses a fleet', () => {
    const lab = validateLab(twoFleets, 'two.json');
    // A setting past the schema (as a hand-built Lab could hold) is found by the simulator.
    const unchecked = {
      ...lab,
      fleets: [lab.fleets[0]!, { ...lab.fleets[1]!, retryBackoffSeconds: 999_999 }],
    };
    let error: unknown;
    try {
      new LabRun(unchecked, 'two.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).message).toContain('two.json');
    expect((error as LabError).problems.map((problem) => problem.path)).toEqual([
      'fleets[1].retryBackoffSeconds',
    ]);
  });

  it('gives every fleet the same seed, devices and timeline, and its own Kconfig', () => {
    const lab = validateLab(
      {
        ...twoFleets,
        server: { rateLimit: { kind: 'tier-interval' }, testDevices: 2 },
        deployment: { atSeconds: 100 },
      },
      'lab',
    );
    const [demo, fast] = lab.fleets.map((fleet) => fleetScenario(lab, fleet));
    expect(demo!.run.seed).toBe(fast!.run.seed);
    expect(demo!.fleet[0]!.count).toBe(3);
    expect(demo!.fleet[0]!.bootWindowSeconds).toBe(30);
    expect(fast!.fleet[0]!.bootWindowSeconds).toBe(60);
    expect(demo!.timeline).toEqual([
      {
        atSeconds: 0,
        action: 'server.rate-limit',
        policy: { kind: 'tier-interval' },
        exemptDevices: ['demo-1', 'demo-2'],
      },
      {
        atSeconds: 100,
        action: 'deployment.create',
        name: 'lab deployment',
        artifactName: 'release-2',
        devices: 'all',
      },
    ]);
    expect(demo!.fleet[0]!.kconfig!.options).toEqual(
      kconfigOptions(fleetSettings(lab.fleets[0]!)),
    );
  });
});

describe('wire sizes and endpoints', () => {
  it('classifies the device API by path and counts HTTP/1.1 bytes', () => {
    expect(endpointOf(`${API}/v1/authentication/auth_requests`)).toBe('auth');
    expect(endpointOf(`${API}/v2/deployments/device/deployments/next`)).toBe('next');
    expect(
      endpointOf(`${API}/v1/deployments/device/deployments/next?artifact_name=a`),
    ).toBe('next');
    expect(endpointOf(`${API}/v1/inventory/device/attributes`)).toBe('inventory');
    expect(endpointOf(`${API}/v1/deployments/device/deployments/d1/status`)).toBe(
      'status',
    );
    expect(endpointOf(`${API}/v1/deployments/device/deployments/d1/log`)).toBe('log');
    expect(endpointOf('https://s3.example/artifacts/x.mender?sig=1')).toBe('download');

    const request = {
      method: 'POST',
      url: 'https://h.io/a?b=1',
      headers: [['Content-Type', 'application/json']] as const,
      body: utf8('{}'),
    };
    // "POST /a?b=1 HTTP/1.1\r\n" + "Content-Type: application/json\r\n" +
    // "Host: h.io\r\n" + "Content-Length: 2\r\n" + "\r\n" + "{}"
    expect(requestWireBytes(request)).toBe(22 + 32 + 12 + 19 + 2 + 2);
    // "HTTP/1.1 204 No Content\r\n" + "\r\n"
    expect(responseWireBytes({ status: 204, headers: [], body: new Uint8Array(0) })).toBe(
      25 + 2,
    );
  });
});

describe('the back-of-envelope of bytes per day (reference C5)', () => {
  // C5's table at about 5 KB per request: demo ≈ 21 MB, standard ≈ 250 KB, micro ≈ 2 KB.
  const bytesPerDay = (updatePollSeconds: number, inventorySeconds: number) =>
    modelFigures(
      {
        updatePollSeconds,
        inventorySeconds,
        retryBackoffSeconds: 5,
        retryMaxBackoffSeconds: 15,
        tier: 'micro',
      },
      1,
      DEFAULT_ASSUMPTIONS,
    ).bytesPerDevicePerDay;

  it('takes 5 KB per request by default, as the reference table does', () => {
    expect(bytesPerDay(30, 60)).toBeCloseTo((2880 + 1440 + 1 / 7) * 5000, 6);
    expect(bytesPerDay(30, 60) / 1e6).toBeGreaterThan(21);
    expect(bytesPerDay(30, 60) / 1e6).toBeLessThan(22);
    expect(bytesPerDay(1800, 28_800) / 1e3).toBeCloseTo(255.7, 1);
    expect(bytesPerDay(604_800, 1_209_600) / 1e3).toBeCloseTo(1.8, 1);
  });
});

describe('statistics', () => {
  it('takes nearest-rank percentiles and a CDF over the whole population', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.9)).toBe(9);
    expect(percentile(sorted, 0.99)).toBe(10);
    expect(percentile([], 0.5)).toBeNull();
    const points = cdf(sorted, 20, 5);
    expect(points.at(-1)).toEqual({ seconds: 10, share: 0.5 });
    expect(points[0]).toEqual({ seconds: 2, share: 0.1 });
  });
});

describe('fleet metrics', () => {
  it('keeps memory fixed by the fleet and the bucket count, not the run length', () => {
    expect(bucketSecondsFor(3600)).toBe(10);
    expect(bucketSecondsFor(30 * 86_400)).toBe(7200);
    const metrics = new FleetMetrics({
      deviceIds: ['d-1', 'd-2'],
      testDeviceIds: ['d-1'],
      durationSeconds: 30 * 86_400,
      deploymentAtMs: 1000,
      outageEndsAtMs: 50_000,
    });
    for (let index = 0; index < 10_000; index++) {
      metrics.observe(
        exchange(
          'd-2',
          index * 1000,
          `${API}/v2/deployments/device/deployments/next`,
          429,
        ),
      );
    }
    const measured = metrics.measurements(30 * 86_400_000);
    expect(measured.requestSeries).toHaveLength(360);
    expect(measured.requestSeries[0]).toBe(7200);
    expect(measured.http429PerDevice).toEqual([0, 10_000]);
    expect(measured.peakRequestsInOneSecond).toBe(1);
  });

  it('takes pickup from the first status report, success from "success", return after the outage', () => {
    const metrics = new FleetMetrics({
      deviceIds: ['d-1'],
      testDeviceIds: [],
      durationSeconds: 3600,
      deploymentAtMs: 10_000,
      outageEndsAtMs: 100_000,
    });
    const status = `${API}/v1/deployments/device/deployments/x/status`;
    metrics.observe(exchange('d-1', 5_000, status, 204, '{"status":"success"}'));
    metrics.observe(exchange('d-1', 12_000, status, 204, '{"status":"downloading"}'));
    metrics.observe(exchange('d-1', 20_000, status, 204, '{"status":"success"}'));
    metrics.observe(exchange('d-1', 101_000, status, 503));
    metrics.observe(exchange('d-1', 102_000, status, undefined));
    metrics.observe(
      exchange('d-1', 130_000, `${API}/v1/inventory/device/attributes`, 200),
    );
    metrics.observe(exchange('other', 1_000, status, 200));
    const measured = metrics.measurements(3_600_000);
    expect(measured.pickupMs).toEqual([2_000]);
    expect(measured.successMs).toEqual([10_000]);
    expect(measured.returnMs).toEqual([30_000]);
    expect(measured.endpoints.status.requests).toBe(5);
    expect(measured.endpoints.status.failures).toBe(1);
    expect(measured.byStatus).toEqual({ '200': 1, '204': 3, '503': 1 });
  });
});

describe('a short lab run', () => {
  it('measures the traffic of each fleet and exports the shown numbers as CSV', async () => {
    const run = new LabRun(validateLab(twoFleets, 'lab'));
    const report = await run.runToEnd();
    expect(report.virtualSeconds).toBe(600);
    const [demo, fast] = report.fleets;
    // One auth per boot; a full inventory PUT at boot and a PATCH 300 s later.
    expect(demo!.measured.requestsPerDevicePerDay.auth).toBeCloseTo(144, 6);
    expect(fast!.measured.requestsPerDevicePerDay.inventory).toBeCloseTo(288, 6);
    expect(demo!.measured.responsesByStatus['204']).toBeGreaterThan(0);
    expect(demo!.measured.bytesPerDevicePerDay.tls).toBeCloseTo(
      demo!.measured.requestsPerDevicePerDay.total * 3_750,
      3,
    );
    expect(demo!.series.bucketSeconds).toBe(1);
    expect(demo!.series.requestsPerSecond).toHaveLength(600);
    expect(demo!.traceHash).toMatch(/^[0-9a-f]{64}$/);

    const again = await new LabRun(validateLab(twoFleets, 'lab')).runToEnd();
    expect(again.fleets.map((fleet) => fleet.traceHash)).toEqual(
      report.fleets.map((fleet) => fleet.traceHash),
    );

    const cheaperRadio = run.report({ ...report.assumptions, radioOnMilliWatts: 33 });
    expect(cheaperRadio.fleets[0]!.measured.batteryLifeDays.median).toBeGreaterThan(
      demo!.measured.batteryLifeDays.median,
    );

    const csv = labCsv(report).split('\n');
    expect(csv[0]).toBe('metric,unit,demo measured,demo model,fast measured,fast model');
    expect(csv[1]).toMatch(
      /^Update checks per device per day,req\/day,\d+(\.\d+)?,2880,\d+(\.\d+)?,1440$/,
    );
  });
});
