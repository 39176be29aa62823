import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, manage, uploadArtifact } from '../testing/testDevice.ts';

const ARTIFACTS = '/api/management/v1/deployments/artifacts';

describe('artifact ids in management paths', () => {
  it('must be UUIDs: anything else is a 400 before any lookup', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(3) });
    const { artifact } = await uploadArtifact(server, 'release-2', ['esp32s3']);
    for (const [method, suffix] of [
      ['GET', ''],
      ['DELETE', ''],
      ['GET', '/download'],
    ] as const) {
      const response = await manage(server, method, `${ARTIFACTS}/not-a-uuid${suffix}`);
      expect(response.status).toBe(400);
      expect(json(response)).toMatchObject({ error: 'ID is not a valid UUID' });
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await manage(server, 'GET', `${ARTIFACTS}/${unknown}`)).status).toBe(404);
    expect((await manage(server, 'GET', `${ARTIFACTS}/${artifact.id}`)).status).toBe(200);
  });
});
