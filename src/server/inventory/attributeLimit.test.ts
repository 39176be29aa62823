import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, TestDevice } from '../testing/testDevice.ts';

const attributes = (count: number, prefix = 'a') =>
  Array.from({ length: count }, (_, index) => ({
    name: `${prefix}${index}`,
    value: index,
  }));

async function setup() {
  const server = createMockServer({ now: () => 0, random: new SeededRandom(61) });
  const device = new TestDevice(server, { mac: '02:00:00:00:75:01' });
  await device.admit();
  return { server, device };
}

describe("the inventory scope's 100-attribute limit, counted as inventory counts it", () => {
  it('on PUT counts the entries sent, repeated names included', async () => {
    const { device } = await setup();
    expect((await device.inventory('PUT', attributes(100))).status).toBe(200);
    const repeated = [...attributes(100), { name: 'a0', value: 'again' }];
    const refused = await device.inventory('PUT', repeated);
    expect(refused.status).toBe(400);
    expect(json(refused)).toMatchObject({
      error: 'the number of attributes in the scope is above the limit',
    });
  });

  it('on PATCH adds each entry whose name the device has in no scope', async () => {
    const { server, device } = await setup();
    expect((await device.inventory('PUT', attributes(99))).status).toBe(200);
    // The same new name twice counts twice: 99 + 2.
    const twice = [
      { name: 'fresh', value: 1 },
      { name: 'fresh', value: 2 },
    ];
    expect((await device.inventory('PATCH', twice)).status).toBe(400);
    expect((await device.inventory('PATCH', [{ name: 'fresh', value: 1 }])).status).toBe(
      200,
    );
    // 100 now; `mac` exists in the identity scope, so it is not counted.
    expect((await device.inventory('PATCH', [{ name: 'mac', value: 'x' }])).status).toBe(
      200,
    );
    expect(
      (await device.inventory('PATCH', [{ name: 'one-more', value: 1 }])).status,
    ).toBe(400);
    const inventory = server.exportState().inventory[device.id];
    const names = Object.values(inventory?.attributes ?? {})
      .filter((attribute) => attribute.scope === 'inventory')
      .map((attribute) => attribute.name);
    expect(names).toHaveLength(101);
    expect(names).toContain('mac');
  });
});
