/**
 * The simulated mender-mcu client at fleet scale: idle devices polling the
 * mock server at the demo intervals (poll 30 s, inventory 60 s, backoff 5 s,
 * max 15 s) for one virtual hour, in Node.
 *
 * Figures: device-hours per wall second at 1,000 and 10,000 devices, heap
 * bytes per device (devices, server and trace together), and the wall cost
 * of one fired kernel event at both sizes with their ratio.
 *
 * Keys: until src/devices/identity lands, the devices sign with a P-256 key
 * drawn here from each device's seeded stream (RFC 6979 via @noble/curves),
 * which the server verifies like any other; key derivation and signing are
 * inside the measured setup and warm-up.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { defaultClientSettings, DEMO_INTERVALS } from '../src/machines/clientSettings.ts';
import { NVS_RECORD } from '../src/devices/flash/menderStorage.ts';
import { NOOP_UPDATE } from '../src/devices/modules/describedModule.ts';
import { macAddressFor, type DeviceIdentity } from '../src/devices/deviceIdentity.ts';
import {
  createSimulatedDevice,
  type SimulatedDevice,
} from '../src/devices/simulatedDevice.ts';
import { createMockServer } from '../src/server/index.ts';
import { createInProcessTransport, SimulationKernel, utf8 } from '../src/sim/index.ts';
import type { BenchReport } from './report.ts';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const SPKI_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
  0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
]);

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A P-256 identity kept in NVS 1/2, signing the exact body with a DER signature. */
function benchIdentity(secretSource: () => Uint8Array): DeviceIdentity {
  return {
    loadKeys(nvs) {
      if (nvs.read(NVS_RECORD.privateKey) !== undefined) return;
      const secret = secretSource();
      const point = p256.getPublicKey(secret, false);
      const spki = new Uint8Array(SPKI_PREFIX.length + point.length);
      spki.set(SPKI_PREFIX);
      spki.set(point, SPKI_PREFIX.length);
      nvs.write(NVS_RECORD.privateKey, secret);
      nvs.write(NVS_RECORD.publicKey, spki);
    },
    createAuthRequest(nvs, settings, identity) {
      const secret = nvs.read(NVS_RECORD.privateKey)!;
      const lines = base64(nvs.read(NVS_RECORD.publicKey)!).match(/.{1,64}/g)!;
      const pem = `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----`;
      const body = utf8(
        JSON.stringify({
          id_data: JSON.stringify({ [identity.name]: identity.value }),
          pubkey: pem,
          ...(settings.tenantToken === '' ? {} : { tenant_token: settings.tenantToken }),
          tier: settings.tier,
        }),
      );
      const signature = p256.sign(sha256(body), secret, {
        prehash: false,
        format: 'der',
      });
      return {
        method: 'POST',
        url: `${settings.serverHost}/api/devices/v1/authentication/auth_requests`,
        headers: [
          ['User-Agent', settings.userAgent],
          ['X-MEN-Signature', base64(signature)],
          ['Content-Type', 'application/json'],
        ],
        body,
      };
    },
  };
}

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
      identity: benchIdentity(() => random.fork('key').bytes(32)),
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
