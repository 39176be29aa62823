import { describe, expect, it } from 'vitest';

import { SeededRandom, utf8, type HttpHeader } from '../../sim/index.ts';
import { writeArtifact } from '../../artifact/index.ts';
import { createMockServer } from '../mockServer.ts';
import { toHttpRequest } from '../msw.ts';
import { API, json, signDer, TestDevice, uploadArtifact } from '../testing/testDevice.ts';

const MIB = 1024 * 1024;

/** An admitted device with a deployment under way, and a raw status PUT. */
async function deviceWithDeployment() {
  const server = createMockServer({ now: () => 0, random: new SeededRandom(31) });
  await uploadArtifact(server, 'release-2', ['esp32s3']);
  const device = new TestDevice(server, { mac: '02:00:00:00:72:01' });
  await device.admit();
  const deploymentId = server.createDeployment({
    name: 'd',
    artifactName: 'release-2',
    devices: [device.id],
  });
  expect((await device.nextV2()).status).toBe(200);
  const putStatus = (body: Uint8Array | string, contentType?: string) => {
    const headers: HttpHeader[] = [['Authorization', `Bearer ${device.token}`]];
    if (contentType !== undefined) headers.push(['Content-Type', contentType]);
    return server.routing({
      method: 'PUT',
      url: `${API}/api/devices/v1/deployments/device/deployments/${deploymentId}/status`,
      headers,
      body: typeof body === 'string' ? utf8(body) : body,
    });
  };
  return { server, device, putStatus };
}

describe('request bodies, read as the Go services read them', () => {
  it('answer a body without a readable Content-Type with 400, another type with 415', async () => {
    const { putStatus } = await deviceWithDeployment();
    const body = '{"status":"downloading"}';
    const missing = await putStatus(body);
    expect(missing.status).toBe(400);
    expect(json(missing)).toMatchObject({
      error: 'Invalid value for Content-Type header: mime: no media type',
    });
    const badParameter = await putStatus(body, 'application/json; charset');
    expect(badParameter.status).toBe(400);
    expect(json(badParameter)).toMatchObject({
      error: 'Invalid value for Content-Type header: mime: invalid media parameter',
    });
    expect((await putStatus(body, 'text/plain')).status).toBe(415);
    expect((await putStatus(body, 'Application/JSON; charset=utf-8;')).status).toBe(204);
  });

  it('take the first JSON value and leave the rest unread, as json.Decoder does', async () => {
    const { putStatus } = await deviceWithDeployment();
    const json = 'application/json';
    expect((await putStatus('{"status":"downloading"} trailing', json)).status).toBe(204);
    expect((await putStatus('{"status":"installing"}{"x":1}', json)).status).toBe(204);
    expect((await putStatus('{"status":', json)).status).toBe(400);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"status":"success"}')]);
    expect((await putStatus(withBom, json)).status).toBe(400);
  });

  it('refuse a body over 1 MiB with 413, after the token check', async () => {
    const { device } = await deviceWithDeployment();
    const attributes = (size: number) => {
      const text = JSON.stringify([{ name: 'blob', value: '' }]);
      return JSON.parse(
        text.replace('""', JSON.stringify('x'.repeat(size - text.length))),
      );
    };
    const atLimit = await device.inventory('PUT', attributes(MIB));
    expect(atLimit.status).toBe(200);
    const over = await device.inventory('PUT', attributes(MIB + 1));
    expect(over.status).toBe(413);
    expect(json(over)).toMatchObject({ error: 'http: request body too large' });
    device.token = 'not-a-token';
    expect((await device.inventory('PUT', attributes(MIB + 1))).status).toBe(401);
  });

  it('let an artifact upload past 1 MiB through: that route has no size limit', async () => {
    const { server } = await deviceWithDeployment();
    const bytes = writeArtifact({
      artifactName: 'big',
      payloadType: 'zephyr-image',
      deviceTypes: ['esp32s3'],
      files: [{ name: 'zephyr.signed.bin', data: new Uint8Array(MIB + 4096) }],
    });
    const form = new FormData();
    form.append('artifact', new Blob([bytes.slice()]), 'big.mender');
    const request = await toHttpRequest(
      new Request(`${API}/api/management/v1/deployments/artifacts`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.managementToken}` },
        body: form,
      }),
    );
    expect((await server.routing(request)).status).toBe(201);
  });

  it('check the auth request Content-Type and size before anything else', async () => {
    const { server } = await deviceWithDeployment();
    const device = new TestDevice(server, { mac: '02:00:00:00:72:02' });
    const body = device.authBody();
    const send = (headers: HttpHeader[], sent = body) =>
      server.routing({
        method: 'POST',
        url: `${API}/api/devices/v1/authentication/auth_requests`,
        headers: [...headers, ['X-MEN-Signature', signDer(device.key.secret, sent)]],
        body: sent,
      });
    expect((await send([['Content-Type', 'text/plain']])).status).toBe(415);
    expect((await send([])).status).toBe(400);
    const huge = utf8(JSON.stringify({ id_data: 'x'.repeat(MIB), pubkey: 'y' }));
    expect((await send([['Content-Type', 'text/plain']], huge)).status).toBe(413);
    expect(server.listDevices()).toHaveLength(1);
  });
});
