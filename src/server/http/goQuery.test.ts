import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, TestDevice } from '../testing/testDevice.ts';
import { parseGoQuery } from './goQuery.ts';

describe("query strings, parsed as Go's url.ParseQuery does", () => {
  it('drops pairs with a bad escape or a semicolon, and decodes + as a space', () => {
    const query = parseGoQuery('a=1;2&b=%zz&c=x+y%21&c=second&d&=e&f=%E2%82%AC');
    expect(query.get('a')).toBeUndefined();
    expect(query.get('b')).toBeUndefined();
    expect(query.get('c')).toBe('x y!');
    expect(query.get('d')).toBe('');
    expect(query.get('')).toBe('e');
    expect(query.get('f')).toBe('€');
  });

  it('so a next GET whose artifact name holds a semicolon has no artifact name', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(107) });
    const device = new TestDevice(server, { mac: '02:00:00:00:7a:01' });
    await device.admit();
    const next = (query: string) =>
      device.call('GET', `/api/devices/v1/deployments/device/deployments/next?${query}`);
    const semicolon = await next('artifact_name=rel;1&device_type=esp32s3');
    expect(semicolon.status).toBe(400);
    expect(json(semicolon)).toMatchObject({ error: 'artifact_name: cannot be blank.' });
    expect((await next('artifact_name=rel%3B1&device_type=esp32s3')).status).toBe(204);
    expect((await next('artifact_name=%E0%A4%A&device_type=esp32s3')).status).toBe(400);
  });
});
