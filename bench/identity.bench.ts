/**
 * Cost of device keys and auth signing. Creating a DeviceKey only draws its
 * seed; the public key is computed on first use (the first auth request),
 * so a large fleet starts without paying for every key up front.
 */
import {
  buildAuthRequest,
  DeviceKey,
  deviceKeyStreamLabel,
  macIdentity,
} from '../src/devices/identity/index.ts';
import { SeededRandom } from '../src/sim/index.ts';
import type { BenchReport } from './report.ts';
import { timeIt } from './report.ts';

const FLEET = 10_000;
const SERVER = 'https://hosted.mender.io';

export default async function identityBench(report: BenchReport): Promise<void> {
  const random = new SeededRandom(2024);
  let keys: DeviceKey[] = [];

  const createMs = await timeIt(() => {
    keys = Array.from({ length: FLEET }, (_, index) =>
      DeviceKey.derive(random.fork(deviceKeyStreamLabel(`device-${index}`, 0))),
    );
  });
  report.add({
    name: `create ${FLEET} keys (seed only, lazy)`,
    value: createMs,
    unit: 'ms',
  });
  report.add({ name: 'create per device', value: (createMs * 1000) / FLEET, unit: 'µs' });

  const deriveMs = await timeIt(() => {
    for (const key of keys) void key.publicKeyPem;
  });
  report.add({ name: `derive ${FLEET} public keys + PEM`, value: deriveMs, unit: 'ms' });
  report.add({ name: 'derive per device', value: (deriveMs * 1000) / FLEET, unit: 'µs' });

  const signMs = await timeIt(() => {
    keys.forEach((key, index) =>
      buildAuthRequest({
        serverHost: SERVER,
        identity: macIdentity(index),
        key,
        tenantToken: 'tenant-token',
        tier: 'micro',
      }),
    );
  });
  report.add({ name: `build + sign ${FLEET} auth requests`, value: signMs, unit: 'ms' });
  report.add({
    name: 'auth request per device',
    value: (signMs * 1000) / FLEET,
    unit: 'µs',
  });
  report.add({
    name: `total for ${FLEET} devices (create, first auth)`,
    value: createMs + deriveMs + signMs,
    unit: 'ms',
  });
}
