import { describe, expect, it } from 'vitest';

import {
  SeededRandom,
  fromUtf8,
  headerValue,
  type HttpRequest,
} from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { json, TestDevice, uploadArtifact } from '../testing/testDevice.ts';
import { parseRange } from './download.ts';

function get(url: string, range?: string): HttpRequest {
  return {
    method: 'GET',
    url,
    headers: range === undefined ? [] : [['Range', range]],
    body: new Uint8Array(0),
  };
}

describe('artifact storage', () => {
  it('serves the artifact bytes at the link, whole or by range, until the link expires', async () => {
    const clock = { now: 0 };
    const server = createMockServer({
      now: () => clock.now,
      random: new SeededRandom(41),
    });
    const { bytes } = await uploadArtifact(server, 'release-2', ['esp32s3'], 5000);
    const device = new TestDevice(server, { mac: '02:00:00:00:30:01' });
    await device.admit();
    server.createDeployment({
      name: 'd',
      artifactName: 'release-2',
      devices: [device.id],
    });
    const uri = (json(await device.nextV2()) as { artifact: { source: { uri: string } } })
      .artifact.source.uri;
    expect(new URL(uri).origin).toBe(server.storageOrigin);

    const whole = await server.routing(get(uri));
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual(bytes);
    expect(headerValue(whole.headers, 'content-length')).toBe(String(bytes.length));
    expect(headerValue(whole.headers, 'accept-ranges')).toBe('bytes');
    expect(headerValue(whole.headers, 'content-disposition')).toBe(
      'attachment; filename="release-2.mender"',
    );

    const chunk = await server.routing(get(uri, 'bytes=1024-2047'));
    expect(chunk.status).toBe(206);
    expect(headerValue(chunk.headers, 'content-range')).toBe(
      `bytes 1024-2047/${bytes.length}`,
    );
    expect(chunk.body).toEqual(bytes.subarray(1024, 2048));

    const tail = await server.routing(get(uri, `bytes=${bytes.length - 10}-`));
    expect(tail.body).toEqual(bytes.subarray(bytes.length - 10));
    expect((await server.routing(get(uri, `bytes=${bytes.length}-`))).status).toBe(416);

    const tampered = uri.replace('X-Amz-Expires=86400', 'X-Amz-Expires=999999');
    const refused = await server.routing(get(tampered));
    expect(refused.status).toBe(403);
    expect(fromUtf8(refused.body)).toContain('<Code>SignatureDoesNotMatch</Code>');

    clock.now = 24 * 3600 * 1000;
    expect((await server.routing(get(uri))).status).toBe(200);
    clock.now += 1000;
    const expired = await server.routing(get(uri));
    expect(expired.status).toBe(403);
    expect(fromUtf8(expired.body)).toContain('Request has expired');
  });

  it('reads ranges as RFC 9110 defines them', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual([0, 9]);
    expect(parseRange('bytes=90-200', 100)).toEqual([90, 99]);
    expect(parseRange('bytes=-5', 100)).toEqual([95, 99]);
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 100)).toBeUndefined();
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRange('items=0-1', 100)).toBeUndefined();
  });
});
