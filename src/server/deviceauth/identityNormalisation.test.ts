import { describe, expect, it } from 'vitest';

import { SeededRandom, utf8 } from '../../sim/index.ts';
import { createMockServer } from '../mockServer.ts';
import { API, p256Key, signDer } from '../testing/testDevice.ts';

describe('identity data, normalised as deviceauth does (decode, sort keys, encode)', () => {
  it('is one device whatever the key order, spacing, escapes or lone surrogates', async () => {
    const server = createMockServer({
      now: () => 0,
      random: new SeededRandom(101),
      profile: 'open-source',
    });
    const key = p256Key(3);
    const send = (idData: string) => {
      const body = utf8(JSON.stringify({ id_data: idData, pubkey: key.pem }));
      return server.routing({
        method: 'POST',
        url: `${API}/api/devices/v1/authentication/auth_requests`,
        headers: [
          ['Content-Type', 'application/json'],
          ['X-MEN-Signature', signDer(key.secret, body)],
        ],
        body,
      });
    };
    for (const idData of [
      '{"mac":"ab","sn":"1"}',
      ' { "sn" : "1" ,\n "mac" : "ab" } ',
      '{"mac":"\\u0061b","sn":"\\u0031"}',
    ]) {
      expect((await send(idData)).status).toBe(401);
    }
    expect(server.listDevices()).toHaveLength(1);
    // Go reads any lone surrogate escape as U+FFFD: these two are one identity.
    await send('{"serial":"\\ud800"}');
    await send('{"serial":"\\udbff"}');
    await send('{"serial":"\\ufffd"}');
    expect(server.listDevices()).toHaveLength(2);
  });
});
