import { describe, expect, it } from 'vitest';

import { SeededRandom, utf8 } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { API, json, TestDevice } from '../testing/testDevice.ts';

describe('inventory', () => {
  it('replaces on PUT, upserts on PATCH, and keeps identity and system scopes apart', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(31) });
    const device = new TestDevice(server, { mac: '02:00:00:00:20:01' });
    await device.admit();
    expect(
      (
        await device.inventory('PUT', [
          { name: 'artifact_name', value: 'release-1' },
          { name: 'device_type', value: 'esp32s3' },
        ])
      ).status,
    ).toBe(200);
    expect((await device.inventory('PATCH', [{ name: 'rssi', value: -67 }])).status).toBe(
      200,
    );
    expect(
      (
        await device.inventory('PUT', [
          { name: 'artifact_name', value: 'release-2' },
          { name: 'sensors', value: ['t', 'h'] },
        ])
      ).status,
    ).toBe(200);

    const response = await server.routing({
      method: 'GET',
      url: `${API}/api/management/v1/inventory/devices/${device.id}`,
      headers: [['Authorization', `Bearer ${server.managementToken}`]],
      body: new Uint8Array(0),
    });
    const view = json(response) as {
      attributes: { name: string; scope: string; value: unknown }[];
    };
    const inventory = view.attributes.filter(
      (attribute) => attribute.scope === 'inventory',
    );
    expect(inventory.map((attribute) => [attribute.name, attribute.value])).toEqual([
      ['artifact_name', 'release-2'],
      ['sensors', ['t', 'h']],
    ]);
    expect(view.attributes).toContainEqual({
      name: 'mac',
      value: '02:00:00:00:20:01',
      scope: 'identity',
    });
    expect(view.attributes).toContainEqual({
      name: 'status',
      value: 'accepted',
      scope: 'identity',
    });
  });

  it('refuses bodies that are not attribute lists, mixed arrays, and more than 100 attributes', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(31) });
    const device = new TestDevice(server, { mac: '02:00:00:00:20:02' });
    await device.admit();
    expect((await device.inventory('PATCH', { name: 'a', value: 'b' })).status).toBe(400);
    expect(
      (await device.inventory('PATCH', [{ name: 'a', value: [1, 'b'] }])).status,
    ).toBe(400);
    expect((await device.inventory('PATCH', [{ name: '', value: 'b' }])).status).toBe(
      400,
    );
    expect(
      (await device.inventory('PATCH', [{ name: 'a', value: { nested: true } }])).status,
    ).toBe(400);
    const many = Array.from({ length: 100 }, (_, index) => ({
      name: `a${index}`,
      value: index,
    }));
    expect((await device.inventory('PUT', many)).status).toBe(200);
    expect(
      (await device.inventory('PATCH', [{ name: 'a0', value: 'again' }])).status,
    ).toBe(200);
    expect(
      (await device.inventory('PATCH', [{ name: 'one-more', value: 1 }])).status,
    ).toBe(400);
    const notJson = await server.routing({
      method: 'PATCH',
      url: `${API}/api/devices/v1/inventory/device/attributes`,
      headers: [
        ['Authorization', `Bearer ${device.token}`],
        ['Content-Type', 'text/plain'],
      ],
      body: utf8('[]'),
    });
    expect(notJson.status).toBe(415);
  });
});
