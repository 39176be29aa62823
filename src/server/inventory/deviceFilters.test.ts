import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, manage, TestDevice } from '../testing/testDevice.ts';

async function setup() {
  const server = createMockServer({ now: () => 0, random: new SeededRandom(113) });
  const device = new TestDevice(server, { mac: '02:00:00:00:7c:01' });
  await device.admit();
  await device.inventory('PUT', [
    { name: 'cpu_count', value: 4 },
    { name: 'tags', value: ['a', 'b'] },
    { name: 'mac', value: 'inventory-mac' },
  ]);
  const find = async (query: string) => {
    const response = await manage(
      server,
      'GET',
      `/api/management/v1/inventory/devices?${query}`,
    );
    expect(response.status, query).toBe(200);
    return (json(response) as { id: string }[]).map((entry) => entry.id);
  };
  return { device, find };
}

describe('inventory device filters, read as parseFilterParams reads them', () => {
  it('look in the inventory scope unless the name says scope/name', async () => {
    const { device, find } = await setup();
    expect(await find('mac=02:00:00:00:7c:01')).toEqual([]);
    expect(await find('identity/mac=02:00:00:00:7c:01')).toEqual([device.id]);
    expect(await find('mac=inventory-mac')).toEqual([device.id]);
  });

  it('strip an eq: operator, compare numbers as numbers, and match array elements', async () => {
    const { device, find } = await setup();
    expect(await find('cpu_count=eq:4')).toEqual([device.id]);
    expect(await find('cpu_count=4.0')).toEqual([device.id]);
    expect(await find('tags=b')).toEqual([device.id]);
    expect(await find('tags=c')).toEqual([]);
  });
});
