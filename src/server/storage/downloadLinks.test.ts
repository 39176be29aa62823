import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { SeededRandom, headerValue } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { createMswHandlers } from '../msw.ts';
import { json, TestDevice, uploadArtifact } from '../testing/testDevice.ts';

async function linkFor(artifactName: string, clock: { now: number }) {
  const server = createMockServer({ now: () => clock.now, random: new SeededRandom(43) });
  await uploadArtifact(server, artifactName, ['esp32s3']);
  const device = new TestDevice(server, { mac: '02:00:00:00:79:01' });
  await device.admit();
  server.createDeployment({ name: 'd', artifactName, devices: [device.id] });
  const source = (
    json(await device.nextV2()) as {
      artifact: { source: { uri: string; expire: string } };
    }
  ).artifact.source;
  return { server, source };
}

describe('artifact download links', () => {
  it('serve an artifact with any name alike through the routing and MSW', async () => {
    const clock = { now: 0 };
    const { server, source } = await linkFor('release-ü-😀', clock);
    const direct = await server.routing({
      method: 'GET',
      url: source.uri,
      headers: [],
      body: new Uint8Array(0),
    });
    const viaMsw = await getResponse(
      createMswHandlers(() => server.routing),
      new Request(source.uri),
    );
    expect(direct.status).toBe(200);
    expect(viaMsw?.status).toBe(200);
    const disposition = headerValue(direct.headers, 'content-disposition');
    expect(viaMsw?.headers.get('content-disposition')).toBe(disposition);
    // The UTF-8 bytes of the name, as a fetch client sees raw header bytes.
    const bytes = Uint8Array.from(disposition ?? '', (char) => char.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe(
      'attachment; filename="release-ü-😀.mender"',
    );
  });

  it('expire when they say, in whole seconds from the signing date', async () => {
    const clock = { now: 1_500 };
    const { server, source } = await linkFor('release-2', clock);
    expect(source.expire).toBe('2026-01-02T00:00:01Z');
    const get = () =>
      server.routing({
        method: 'GET',
        url: source.uri,
        headers: [],
        body: new Uint8Array(0),
      });
    clock.now = 86_401_000;
    expect((await get()).status).toBe(200);
    clock.now = 86_401_001;
    expect((await get()).status).toBe(403);
  });
});

describe('HEAD on the storage host', () => {
  it('answers refusals without a body, as any HEAD answer is', async () => {
    const clock = { now: 0 };
    const { server, source } = await linkFor('release-2', clock);
    const head = (url: string, headers: [string, string][] = []) =>
      server.routing({ method: 'HEAD', url, headers, body: new Uint8Array(0) });
    const tampered = await head(
      source.uri.replace('X-Amz-Expires=86400', 'X-Amz-Expires=1'),
    );
    expect(tampered.status).toBe(403);
    expect(tampered.body).toHaveLength(0);
    const beyond = await head(source.uri, [['Range', 'bytes=999999-']]);
    expect(beyond.status).toBe(416);
    expect(beyond.body).toHaveLength(0);
    clock.now = 2 * 86_400_000;
    const expired = await head(source.uri);
    expect(expired.status).toBe(403);
    expect(expired.body).toHaveLength(0);
  });
});
