/**
 * The mock server's throughput: a fleet's idle traffic (next-deployment
 * polls and inventory PATCHes from accepted devices holding valid tokens)
 * through the routing in-process and through the MSW handlers, measured in
 * the same run, and auth requests on their own.
 */
import { getResponse } from 'msw';

import { SeededRandom, utf8, type HttpRequest } from '../src/sim/index.ts';
import { createMockServer } from '../src/server/index.ts';
import { createMswHandlers } from '../src/server/msw.ts';
import { API, signDer, TestDevice } from '../src/server/testing/testDevice.ts';
import { timeIt, type BenchReport } from './report.ts';

const DEVICES = 1000;
const ROUTING_REQUESTS = 300_000;
const MSW_REQUESTS = 5_000;
const AUTH_REQUESTS = 3_000;

export default async function serverBench(report: BenchReport): Promise<void> {
  const clock = { now: 0 };
  const server = createMockServer({ now: () => clock.now, random: new SeededRandom(1) });
  const devices: TestDevice[] = [];
  for (let index = 0; index < DEVICES; index++) {
    const mac = `02:00:00:${hex(index >> 16)}:${hex((index >> 8) & 0xff)}:${hex(index & 0xff)}`;
    const device = new TestDevice(server, { mac, keySeed: index });
    await device.admit();
    devices.push(device);
  }
  const idle = devices.flatMap((device) => idleRequests(device));

  // Warm up, then measure the routing as the in-process transport calls it.
  for (let index = 0; index < 20_000; index++) server.routing(idle[index % idle.length]!);
  let statusSum = 0;
  const routingMs = await timeIt(() => {
    for (let index = 0; index < ROUTING_REQUESTS; index++) {
      const response = server.routing(idle[index % idle.length]!);
      statusSum += (response as { status: number }).status;
    }
  });
  if (statusSum !== ROUTING_REQUESTS * 204 - (ROUTING_REQUESTS / 2) * 4) {
    throw new Error(`idle traffic got unexpected statuses (sum ${statusSum})`);
  }
  report.add({
    name: 'idle traffic through the routing (in-process)',
    value: (ROUTING_REQUESTS / routingMs) * 1000,
    unit: 'requests/s',
    target: '>= 100,000',
  });

  const handlers = createMswHandlers(() => server.routing);
  const mswMs = await timeIt(async () => {
    for (let index = 0; index < MSW_REQUESTS; index++) {
      const request = idle[index % idle.length]!;
      const response = await getResponse(handlers, toFetchRequest(request));
      if (response === undefined) throw new Error('MSW handlers did not answer');
    }
  });
  report.add({
    name: 'idle traffic through the MSW handlers (getResponse)',
    value: (MSW_REQUESTS / mswMs) * 1000,
    unit: 'requests/s',
  });

  const authRequests = Array.from({ length: AUTH_REQUESTS }, (_, index) => {
    const device = devices[index % devices.length]!;
    const body = device.authBody();
    return device.authRequest(body, signDer(device.key.secret, body));
  });
  const authMs = await timeIt(async () => {
    for (const request of authRequests) {
      const response = await server.routing(request);
      if (response.status !== 200) throw new Error(`auth request got ${response.status}`);
    }
  });
  report.add({
    name: 'auth requests (ECDSA P-256 verify + token issue)',
    value: (AUTH_REQUESTS / authMs) * 1000,
    unit: 'requests/s',
  });
}

/** The two requests an idle device makes: an update check and an inventory PATCH. */
function idleRequests(device: TestDevice): HttpRequest[] {
  const headers = [
    ['User-Agent', 'Mender/1.0.0 MCU Zephyr/4.4.0'],
    ['Authorization', `Bearer ${device.token}`],
    ['Content-Type', 'application/json'],
  ] as const;
  return [
    {
      method: 'POST',
      url: `${API}/api/devices/v2/deployments/device/deployments/next`,
      headers,
      body: utf8(
        JSON.stringify({
          device_provides: {
            device_type: device.deviceType,
            artifact_name: device.artifactName,
          },
        }),
      ),
    },
    {
      method: 'PATCH',
      url: `${API}/api/devices/v1/inventory/device/attributes`,
      headers,
      body: utf8(
        JSON.stringify([
          { name: 'artifact_name', value: device.artifactName },
          { name: 'device_type', value: device.deviceType },
          { name: 'rssi', value: -61 },
        ]),
      ),
    },
  ];
}

function toFetchRequest(request: HttpRequest): Request {
  return new Request(request.url, {
    method: request.method,
    headers: request.headers.map(([name, value]): [string, string] => [name, value]),
    ...(request.body.length > 0 ? { body: request.body.slice() } : {}),
  });
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}
