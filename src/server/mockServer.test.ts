import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SeededRandom, fromUtf8, headerValue, type HttpRequest } from '../sim/index.ts';
import { createMockServer } from './index.ts';
import { createMswHandlers } from './msw.ts';
import { API, json, TestDevice, uploadArtifact } from './testing/testDevice.ts';

function request(
  method: string,
  path: string,
  headers: [string, string][] = [],
): HttpRequest {
  return { method, url: `${API}${path}`, headers, body: new Uint8Array(0) };
}

describe('createMockServer', () => {
  it('answers an unknown path as gin does, with the request id header', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(1) });
    const response = await server.routing(request('GET', '/api/nothing/here'));
    expect(response.status).toBe(404);
    expect(fromUtf8(response.body)).toBe('404 page not found');
    expect(headerValue(response.headers, 'x-men-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers v2 next with 404 in the open-source profile, after the token check', async () => {
    const server = createMockServer({
      now: () => 0,
      random: new SeededRandom(1),
      profile: 'open-source',
    });
    const path = '/api/devices/v2/deployments/device/deployments/next';
    expect((await server.routing(request('POST', path))).status).toBe(401);
    const device = new TestDevice(server, { mac: '02:00:00:00:00:09' });
    await device.admit();
    expect((await device.nextV2()).status).toBe(404);
    expect((await device.nextV1()).status).toBe(204);
  });

  it('keeps the request id a client sends', async () => {
    const server = createMockServer({ now: () => 0, random: new SeededRandom(1) });
    const response = await server.routing(
      request('GET', '/api/management/v2/devauth/devices', [['X-MEN-RequestID', 'abc']]),
    );
    expect(response.status).toBe(401);
    expect(json(response)).toEqual({ error: 'unauthorized', request_id: 'abc' });
  });

  it('gives the same answers through the MSW handlers, downloads included', async () => {
    const makeServer = () =>
      createMockServer({ now: () => 1000, random: new SeededRandom(3) });
    const direct = makeServer();
    const viaMsw = makeServer();
    const handlers = createMswHandlers(() => viaMsw.routing);
    const exchanges: { direct: unknown; msw: unknown }[] = [];

    for (const server of [direct, viaMsw]) {
      await uploadArtifact(server, 'release-2', ['esp32s3']);
    }
    const directDevice = new TestDevice(direct, { mac: '02:00:00:00:00:10' });
    await directDevice.admit();
    const mswDevice = new TestDevice(viaMsw, { mac: '02:00:00:00:00:10' });
    await mswDevice.admit();
    direct.createDeployment({ name: 'd', artifactName: 'release-2', allDevices: true });
    viaMsw.createDeployment({ name: 'd', artifactName: 'release-2', allDevices: true });

    const next = {
      method: 'POST',
      path: '/api/devices/v2/deployments/device/deployments/next',
      body: JSON.stringify({
        device_provides: { device_type: 'esp32s3', artifact_name: 'r1' },
      }),
    };
    const directResponse = await direct.routing({
      method: next.method,
      url: `${API}${next.path}`,
      headers: [
        ['authorization', `Bearer ${directDevice.token}`],
        ['content-type', 'application/json'],
      ],
      body: new TextEncoder().encode(next.body),
    });
    const mswResponse = await getResponse(
      handlers,
      new Request(`${API}${next.path}`, {
        method: next.method,
        headers: {
          authorization: `Bearer ${mswDevice.token}`,
          'content-type': 'application/json',
        },
        body: next.body,
      }),
    );
    exchanges.push({ direct: json(directResponse), msw: await mswResponse?.json() });
    expect(mswResponse?.status).toBe(directResponse.status);
    expect(exchanges[0]?.msw).toEqual(exchanges[0]?.direct);

    const uri = (exchanges[0]?.direct as { artifact: { source: { uri: string } } })
      .artifact.source.uri;
    const ranged = await getResponse(
      handlers,
      new Request(uri, { headers: { range: 'bytes=0-511' } }),
    );
    expect(ranged?.status).toBe(206);
    expect(ranged?.headers.get('content-range')).toMatch(/^bytes 0-511\/\d+$/);
    expect((await ranged?.arrayBuffer())?.byteLength).toBe(512);
  });

  it('exports its state as JSON and continues identically from it', async () => {
    const clock = { now: 0 };
    const original = createMockServer({
      now: () => clock.now,
      random: new SeededRandom(5),
    });
    await uploadArtifact(original, 'release-2', ['esp32s3']);
    const device = new TestDevice(original, { mac: '02:00:00:00:00:11' });
    await device.admit();
    const deploymentId = original.createDeployment({
      name: 'd',
      artifactName: 'release-2',
      devices: [device.id],
    });

    const snapshot = JSON.parse(JSON.stringify(original.exportState()));
    const restored = createMockServer({
      now: () => clock.now,
      random: new SeededRandom(5),
      state: snapshot,
    });
    expect(restored.exportState()).toEqual(original.exportState());
    expect(restored.managementToken).toBe(original.managementToken);

    const restoredDevice = new TestDevice(restored, { mac: '02:00:00:00:00:11' });
    restoredDevice.token = device.token;
    const fromOriginal = json(await device.nextV2());
    const fromRestored = json(await restoredDevice.nextV2());
    expect(fromRestored).toEqual(fromOriginal);
    expect(restored.deviceDeployment(deploymentId, device.id)?.id).toBe(
      original.deviceDeployment(deploymentId, device.id)?.id,
    );
  });

  it('replays byte-identically from the same seed', async () => {
    const run = async () => {
      const server = createMockServer({ now: () => 42, random: new SeededRandom(9) });
      const device = new TestDevice(server, { mac: '02:00:00:00:00:12' });
      const first = await device.authenticate();
      server.acceptDevice(device.id);
      const second = await device.authenticate();
      return [first, second].map((response) => ({
        status: response.status,
        headers: response.headers,
        body: fromUtf8(response.body),
      }));
    };
    expect(await run()).toEqual(await run());
  });
});
