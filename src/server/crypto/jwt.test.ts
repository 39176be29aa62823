import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';

import { TokenKey } from './jwt.ts';

describe('TokenKey', () => {
  it('signs the same bytes with WebCrypto and @noble/curves, and jose verifies them', async () => {
    const key = new TokenKey(new Uint8Array(32).fill(3));
    const claims = {
      jti: 'a',
      sub: 'b',
      iss: 'Mender',
      exp: 2_000_000_000,
      iat: 1_000_000_000,
    };
    const viaNoble = key.sign(claims);
    expect(await key.signAsync(claims)).toBe(viaNoble);
    const { payload } = await jwtVerify(
      viaNoble,
      await importJWK(key.publicJwk(), 'EdDSA'),
      {
        currentDate: new Date(1_500_000_000_000),
      },
    );
    expect(payload).toEqual(claims);
    expect(key.verify(viaNoble)).toEqual(claims);
  });

  it('rejects a token with a changed payload or another algorithm', () => {
    const key = new TokenKey(new Uint8Array(32).fill(3));
    const token = key.sign({ sub: 'device', exp: 1 });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${btoa(JSON.stringify({ sub: 'other', exp: 1 })).replace(/=+$/, '')}.${signature}`;
    expect(key.verify(forged)).toBeUndefined();
    const none = `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, '')}.${token.split('.')[1]}.`;
    expect(key.verify(none)).toBeUndefined();
    expect(new TokenKey(new Uint8Array(32).fill(4)).verify(token)).toBeUndefined();
  });
});
