/**
 * The simulated mender-mcu client at fleet scale: idle devices polling the
 * mock server at the demo intervals (poll 30 s, inventory 60 s, backoff 5 s,
 * max 15 s) for one virtual hour, in Node.
 *
 * Figures: device-hours per wall second at 1,000 and 10,000 devices, heap
 * bytes per device (devices, server and trace together), and the wall cost
 * of one fired kernel event at both sizes with their ratio.
 *
 * Each device derives its P-256 key and signs its auth requests with
 * src/devices/identity; that work (and the server's checks) falls in the
 * setup and warm-up, before the measured hour.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

import { defaultClientSettings, DEMO_INTERVALS } from '../src/machines/clientSettings.ts';
import { NOOP_UPDATE } from '../src/devices/modules/describedModule.ts';
import { macAddressFor } from '../src/devices/deviceIdentity.ts';
import { createNvsIdentity } from '../src/devices/identity/index.ts';
import {
  createSimulatedDevice,
  type SimulatedDevice,
} from '../src/devices/simulatedDevice.ts';
import { createMockServer } from '../src/server/index.ts';
import { createInProcessTransport, SimulationKernel } from '../src/sim/index.ts';
import type { BenchReport } from './report.ts';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

interface FleetFigures {
  readonly devices: number;
  readonly wallMs: number;
  readonly events: number;
  readonly heapBytesPerDevice: number;
  readonly requests: number;
}

/** `CLIENT_BENCH_HOURS` shortens the measured span when profiling. */
const HOUR_MS = 3_600_000 * Number(process.env['CLIENT_BENCH_HOURS'] ?? 1);
const BOOT_WINDOW_MS = 30_000;
const ACCEPT_AT_MS = 60_000;
const WARM_UNTIL_MS = 120_000;

async function idleFleet(count: number): Promise<FleetFigures> {
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;

  const kernel = new SimulationKernel({ seed: 42, historyPerSubject: 8 });
  const server = createMockServer({
    now: () => kernel.now(),
    random: kernel.random.fork('server'),
  });
  const transport = createInProcessTransport(kernel, server.routing);
  const settings = defaultClientSettings({
    ...DEMO_INTERVALS,
    deviceType: 'esp32s3_devkitc',
    artifactName: 'rel-1',
    tenantToken: server.tenantToken ?? '',
  });

  const devices: SimulatedDevice[] = [];
  for (let index = 0; index < count; index++) {
    const id = `device-${index}`;
    const random = kernel.random.fork(id);
    const device = createSimulatedDevice({
      id,
      kernel,
      transport,
      settings,
      identity: createNvsIdentity(id, random),
      identityPair: { name: 'mac', value: macAddressFor(index + 1) },
      random,
      modules: [{ kind: 'described', description: NOOP_UPDATE }],
      logCapacity: 8,
    });
    devices.push(device);
    kernel.clock.setTimeout(() => device.powerOn(), random.integer(0, BOOT_WINDOW_MS));
  }

  await kernel.runUntil(ACCEPT_AT_MS);
  for (const device of server.listDevices()) {
    if (device.status === 'pending') server.acceptDevice(device.id);
  }
  await kernel.runUntil(WARM_UNTIL_MS);

  collectGarbage();
  const heapBytesPerDevice = (process.memoryUsage().heapUsed - heapBefore) / count;
  const firedBefore = kernel.clock.fired;
  const requestsBefore = kernel.trace.aggregates.byKind.http;

  const started = performance.now();
  await kernel.runUntil(WARM_UNTIL_MS + HOUR_MS);
  const wallMs = performance.now() - started;

  const figures = {
    devices: count,
    wallMs,
    events: kernel.clock.fired - firedBefore,
    heapBytesPerDevice,
    requests: kernel.trace.aggregates.byKind.http - requestsBefore,
  };
  for (const device of devices) device.powerOff('bench done');
  return figures;
}

export default async function clientBench(report: BenchReport): Promise<void> {
  const results: FleetFigures[] = [];
  // `CLIENT_BENCH_SIZES=1000` runs one size only, for profiling.
  const sizes = (process.env['CLIENT_BENCH_SIZES'] ?? '1000,10000')
    .split(',')
    .map(Number);
  for (const count of sizes) {
    const figures = await idleFleet(count);
    results.push(figures);
    const label = `${count.toLocaleString('en-US')} idle devices`;
    report.add({
      name: `${label}: ${HOUR_MS / 3_600_000} virtual hour(s)`,
      value: figures.wallMs / 1000,
      unit: 's wall',
      ...(count === 10_000 ? { target: '≤ 60 s' } : {}),
    });
    report.add({
      name: `${label}: device-hours per wall second`,
      value: (count * HOUR_MS) / 3_600_000 / (figures.wallMs / 1000),
      unit: 'device-h/s',
    });
    report.add({
      name: `${label}: HTTP exchanges in the hour`,
      value: figures.requests,
      unit: 'requests',
    });
    report.add({
      name: `${label}: heap per device (devices + server + trace)`,
      value: figures.heapBytesPerDevice,
      unit: 'bytes',
      target: '≤ 30,720',
    });
    report.add({
      name: `${label}: wall cost per kernel event`,
      value: (figures.wallMs * 1000) / figures.events,
      unit: 'µs/event',
    });
  }
  const [small, large] = results;
  if (small === undefined || large === undefined) return;
  report.add({
    name: 'cost per event, 10,000 vs 1,000 devices',
    value: large.wallMs / large.events / (small.wallMs / small.events),
    unit: '×',
    target: '≤ 1.5',
  });
}
