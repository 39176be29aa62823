import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';

import { SeededRandom, fromUtf8, headerValue, utf8 } from '../../sim/index.ts';
import { createMockServer, type MockServer } from '../mockServer.ts';
import { DEFAULT_START_DATE } from '../time.ts';
import { json, p256Key, signDer, signRaw, TestDevice } from '../testing/testDevice.ts';

function makeServer(
  profile: 'hosted' | 'open-source' = 'hosted',
  clock = { now: 0 },
): MockServer {
  return createMockServer({ now: () => clock.now, random: new SeededRandom(7), profile });
}

describe('device authentication', () => {
  it('pending-then-accepted', async () => {
    const clock = { now: 5_000 };
    const server = makeServer('hosted', clock);
    const device = new TestDevice(server, { mac: '02:00:00:00:00:01' });

    const pending = await device.authenticate();
    expect(pending.status).toBe(401);
    expect(json(pending)).toEqual({
      error: 'dev auth: unauthorized',
      request_id: headerValue(pending.headers, 'x-men-requestid'),
    });
    const known = server.findDevice(device.identity);
    expect(known?.status).toBe('pending');
    expect(known?.authSets.map((set) => set.status)).toEqual(['pending']);

    // A second request while pending is still refused and adds no auth set.
    expect((await device.authenticate()).status).toBe(401);
    expect(server.findDevice(device.identity)?.authSets).toHaveLength(1);

    server.acceptDevice(device.id);
    clock.now = 65_000;
    const accepted = await device.authenticate();
    expect(accepted.status).toBe(200);
    expect(headerValue(accepted.headers, 'content-type')).toBe('application/jwt');

    const token = fromUtf8(accepted.body);
    const key = await importJWK(server.tokenPublicJwk, 'EdDSA');
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      currentDate: new Date(DEFAULT_START_DATE + clock.now),
    });
    const authSetId = server.findDevice(device.identity)?.authSets[0]?.id;
    const iat = Math.floor((DEFAULT_START_DATE + 65_000) / 1000);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(payload).toEqual({
      jti: authSetId,
      sub: device.id,
      iss: 'Mender',
      'mender.tenant': expect.stringMatching(/^[0-9a-f]{24}$/),
      exp: iat + 604_800,
      iat,
      'mender.device': true,
      'mender.plan': 'enterprise',
      'mender.trial': false,
    });

    // The token opens the device API.
    device.token = token;
    expect((await device.nextV2()).status).toBe(204);
  });

  it('bad-signature', async () => {
    const server = makeServer();
    const device = new TestDevice(server, { mac: '02:00:00:00:00:02' });
    await device.admit();

    const body = device.authBody();
    const otherKey = p256Key(999);
    const signedByOther = await server.routing(
      device.authRequest(body, signDer(otherKey.secret, body)),
    );
    expect(signedByOther.status).toBe(401);
    expect(json(signedByOther)).toMatchObject({ error: 'signature verification failed' });

    const rawSignature = await server.routing(
      device.authRequest(body, signRaw(device.key.secret, body)),
    );
    expect(rawSignature.status).toBe(401);

    const missing = await server.routing(device.authRequest(body, null));
    expect(missing.status).toBe(400);
    expect(json(missing)).toMatchObject({ error: 'missing request signature header' });

    // The signature covers the exact bytes: re-serialising the body breaks it.
    const reformatted = utf8(JSON.stringify(JSON.parse(fromUtf8(body)), null, 1));
    const signedOriginal = signDer(device.key.secret, body);
    expect(
      (await server.routing(device.authRequest(reformatted, signedOriginal))).status,
    ).toBe(401);

    // And the right signature still works.
    expect((await server.routing(device.authRequest(body))).status).toBe(200);
  });

  it('accepts a repeated signed body again, and nothing that differs from it by a byte', async () => {
    const server = makeServer();
    const device = new TestDevice(server, { mac: '02:00:00:00:00:04' });
    await device.admit();
    const body = device.authBody();
    const signature = signDer(device.key.secret, body);
    const send = async (bytes: Uint8Array, signatureBase64: string) =>
      (await server.routing(device.authRequest(bytes, signatureBase64))).status;

    expect(await send(body, signature)).toBe(200);
    expect(await send(body, signature)).toBe(200);
    expect(await send(body, signDer(p256Key(998).secret, body))).toBe(401);
    const flipped = Buffer.from(signature, 'base64');
    flipped[flipped.length - 1]! ^= 1;
    expect(await send(body, flipped.toString('base64'))).toBe(401);
    const reformatted = utf8(JSON.stringify(JSON.parse(fromUtf8(body)), null, 1));
    expect(await send(reformatted, signature)).toBe(401);
    expect(await send(body, signature)).toBe(200);

    // Where the signature ends and the body starts is part of what was verified:
    // a newline moved from the body's front to the header's end is a new request.
    const withNewline = utf8(`\n${fromUtf8(body)}`);
    const signedWithNewline = signDer(device.key.secret, withNewline);
    expect(await send(withNewline, signedWithNewline)).toBe(200);
    expect(await send(body, `${signedWithNewline}\n`)).toBe(401);
  });

  it('answers 400 for a body that is not an auth request', async () => {
    const server = makeServer();
    const device = new TestDevice(server, { mac: '02:00:00:00:00:03' });
    const notJson = utf8('{"id_data":');
    expect((await server.routing(device.authRequest(notJson))).status).toBe(400);
    const noKey = utf8(JSON.stringify({ id_data: '{"mac":"x"}', pubkey: 'not a key' }));
    expect((await server.routing(device.authRequest(noKey))).status).toBe(400);
    const arrayIdentity = utf8(
      JSON.stringify({ id_data: '[1]', pubkey: device.key.pem }),
    );
    expect((await server.routing(device.authRequest(arrayIdentity))).status).toBe(400);
  });

  it('requires the tenant token in the hosted profile only', async () => {
    const hosted = makeServer('hosted');
    const device = new TestDevice(hosted, { mac: '02:00:00:00:00:04' });
    const body = utf8(
      JSON.stringify({
        id_data: JSON.stringify(device.identity),
        pubkey: device.key.pem,
      }),
    );
    const refused = await hosted.routing(device.authRequest(body));
    expect(refused.status).toBe(401);
    expect(json(refused)).toMatchObject({ error: 'tenant token missing' });
    expect(hosted.listDevices()).toHaveLength(0);

    const openSource = makeServer('open-source');
    expect(openSource.tenantToken).toBeUndefined();
    expect((await openSource.routing(device.authRequest(body))).status).toBe(401);
    expect(openSource.findDevice(device.identity)?.status).toBe('pending');
  });

  it('recognises an identity whatever its key order and keeps one device per identity', async () => {
    const server = makeServer('open-source');
    const key = p256Key(1);
    const send = (idData: string) => {
      const body = utf8(JSON.stringify({ id_data: idData, pubkey: key.pem }));
      return server.routing({
        method: 'POST',
        url: 'https://docker.mender.io/api/devices/v1/authentication/auth_requests',
        headers: [
          ['Content-Type', 'application/json'],
          ['X-MEN-Signature', signDer(key.secret, body)],
        ],
        body,
      });
    };
    await send('{"mac":"aa","sn":"1"}');
    await send('{"sn":"1", "mac":"aa"}');
    expect(server.listDevices()).toHaveLength(1);
    expect(server.listDevices()[0]?.identity).toEqual({ mac: 'aa', sn: '1' });
  });

  it('preauthorizes, then accepts the first matching request at once', async () => {
    const server = makeServer();
    const device = new TestDevice(server, { mac: '02:00:00:00:00:05' });
    const id = server.preauthorizeDevice(device.identity, device.key.pem);
    expect(server.device(id)?.status).toBe('preauthorized');
    expect((await device.authenticate()).status).toBe(200);
    expect(server.device(id)?.status).toBe('accepted');

    // Another key for the same identity is a new pending auth set.
    const rotated = new TestDevice(server, { mac: '02:00:00:00:00:05', keySeed: 77 });
    expect((await rotated.authenticate()).status).toBe(401);
    expect(server.device(id)?.authSets.map((set) => set.status)).toEqual([
      'accepted',
      'pending',
    ]);
  });

  it('refuses tokens after reject, revoke and decommission, and after they expire', async () => {
    const clock = { now: 0 };
    const server = makeServer('hosted', clock);
    const device = new TestDevice(server, { mac: '02:00:00:00:00:06' });
    await device.admit();
    expect((await device.nextV2()).status).toBe(204);

    server.rejectDevice(device.id);
    const rejected = await device.nextV2();
    expect(rejected.status).toBe(401);
    expect(rejected.body).toHaveLength(0);
    expect((await device.authenticate()).status).toBe(401);

    server.acceptDevice(device.id);
    await device.authenticate();
    server.revokeToken(server.device(device.id)?.authSets[0]?.id ?? '');
    expect((await device.nextV2()).status).toBe(401);

    await device.authenticate();
    clock.now += 604_800_000;
    expect((await device.nextV2()).status).toBe(401);

    await device.authenticate();
    const id = device.id;
    server.decommissionDevice(id);
    expect((await device.nextV2()).status).toBe(401);
    expect(server.device(id)).toBeUndefined();
    // After decommissioning the identity starts over as a new pending device.
    expect((await device.authenticate()).status).toBe(401);
    expect(device.id).not.toBe(id);
  });

  it('allows only the real status transitions', async () => {
    const server = makeServer();
    const device = new TestDevice(server, { mac: '02:00:00:00:00:07' });
    await device.authenticate();
    const authSetId = server.device(device.id)?.authSets[0]?.id ?? '';
    const put = (status: string) =>
      server.routing({
        method: 'PUT',
        url: `https://eu.hosted.mender.io/api/management/v2/devauth/devices/${device.id}/auth/${authSetId}/status`,
        headers: [
          ['Authorization', `Bearer ${server.managementToken}`],
          ['Content-Type', 'application/json'],
        ],
        body: utf8(JSON.stringify({ status })),
      });
    expect((await put('accepted')).status).toBe(204);
    // Already accepted: deviceauth returns at once, with 204.
    expect((await put('accepted')).status).toBe(204);
    expect((await put('preauthorized')).status).toBe(400);
    expect((await put('rejected')).status).toBe(204);
    expect((await put('pending')).status).toBe(204);
    server.setMaxDevices(1);
    const other = new TestDevice(server, { mac: '02:00:00:00:00:08' });
    await other.admit();
    expect((await put('accepted')).status).toBe(422);
  });
});
