import { describe, expect, it } from 'vitest';

import { SeededRandom, fromUtf8, type HttpResponse } from '../sim/index.ts';
import { createMockServer } from './mockServer.ts';
import { TestDevice } from './testing/testDevice.ts';

const exchange = (response: HttpResponse) => ({
  status: response.status,
  headers: response.headers,
  body: fromUtf8(response.body),
});

describe('exportState and restore', () => {
  it('continue the request-id and fault streams where the exported server stood', async () => {
    const clock = { now: 0 };
    const original = createMockServer({
      now: () => clock.now,
      random: new SeededRandom(5),
    });
    const device = new TestDevice(original, { mac: '02:00:00:00:77:01' });
    await device.admit();
    original.setFaults({ errorRate: 0.5 });
    for (let index = 0; index < 5; index++) await device.nextV1();

    const snapshot = JSON.parse(JSON.stringify(original.exportState())) as ReturnType<
      typeof original.exportState
    >;
    const restored = createMockServer({
      now: () => clock.now,
      random: new SeededRandom(5),
      state: snapshot,
    });
    const twin = new TestDevice(restored, { mac: '02:00:00:00:77:01' });
    twin.token = device.token;
    for (let index = 0; index < 10; index++) {
      clock.now += 1000;
      expect(exchange(await twin.nextV1())).toEqual(exchange(await device.nextV1()));
    }
    expect(restored.exportState()).toEqual(original.exportState());
  });
});
