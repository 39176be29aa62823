import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, manage } from '../testing/testDevice.ts';

const DEVICES = '/api/management/v2/devauth/devices';

describe('page and per_page, parsed as rest.ParsePagingParameters does', () => {
  it('take only decimal integers, and name what is wrong as the services do', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(97) });
    const list = (query: string) => manage(server, 'GET', `${DEVICES}?${query}`);
    for (const [query, error] of [
      ['page=1e1', 'invalid page query: "1e1"'],
      ['page=0x10', 'invalid page query: "0x10"'],
      ['page=99999999999999999999', 'invalid page query: "99999999999999999999"'],
      ['page=0', 'invalid page query: value must be a non-zero positive integer'],
      [
        'per_page=-3',
        'invalid per_page query: value must be a non-zero positive integer',
      ],
      ['per_page=501', 'parameter "per_page" above limit (max: 500)'],
    ] as const) {
      const response = await list(query);
      expect(response.status, query).toBe(400);
      expect(json(response), query).toMatchObject({ error });
    }
    expect((await list('page=%2B2&per_page=500')).status).toBe(200);
  });

  it("cap a device's deployment history at 20 a page", async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(97) });
    const history = (perPage: number) =>
      manage(
        server,
        'GET',
        `/api/management/v1/deployments/deployments/devices/some-device?per_page=${perPage}`,
      );
    expect((await history(20)).status).toBe(200);
    const refused = await history(21);
    expect(refused.status).toBe(400);
    expect(json(refused)).toMatchObject({
      error: 'invalid per_page query: value must be a non-zero positive integer',
    });
  });
});
