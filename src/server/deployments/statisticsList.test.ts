import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, manage } from '../testing/testDevice.ts';

const LIST = '/api/management/v1/deployments/deployments/statistics/list';

describe('statistics of many deployments', () => {
  it('take deployment_ids as a list of strings: another JSON type is a 400', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(103) });
    for (const ids of ['x', 5, { a: 1 }, true]) {
      const response = await manage(server, 'POST', LIST, { deployment_ids: ids });
      expect(response.status, JSON.stringify(ids)).toBe(400);
    }
    for (const ids of [null, []]) {
      const response = await manage(server, 'POST', LIST, { deployment_ids: ids });
      expect(response.status).toBe(200);
      expect(json(response)).toEqual({});
    }
  });
});
