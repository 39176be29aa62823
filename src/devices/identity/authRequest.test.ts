import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { authRequestBody, buildAuthRequest } from './authRequest.ts';
import { DeviceKey } from './deviceKey.ts';
import { IdentityError } from './errors.ts';

const pem = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';

describe('authRequestBody', () => {
  it('leaves tenant_token out when there is none', () => {
    for (const tenantToken of [undefined, null, '']) {
      const body = authRequestBody({
        identity: { name: 'mac', value: '02:00:00:00:00:02' },
        publicKeyPem: pem,
        tier: 'standard',
        ...(tenantToken === undefined ? {} : { tenantToken }),
      });
      expect(body).toBe(
        '{"id_data":"{\\"mac\\":\\"02:00:00:00:00:02\\"}",' +
          '"pubkey":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----",' +
          '"tier":"standard"}',
      );
    }
  });

  it('escapes quotes in other identity attributes twice, once per JSON level', () => {
    const body = authRequestBody({
      identity: { name: 'serial', value: 'A"1/2' },
      publicKeyPem: pem,
      tier: 'micro',
    });
    expect(body.startsWith('{"id_data":"{\\"serial\\":\\"A\\\\\\"1/2\\"}",')).toBe(true);
    expect(JSON.parse(JSON.parse(body).id_data)).toEqual({ serial: 'A"1/2' });
  });

  it('refuses a tier the client would refuse', () => {
    const build = () =>
      authRequestBody({
        identity: { name: 'mac', value: 'x' },
        publicKeyPem: pem,
        tier: 'Micro',
      });
    expect(build).toThrow(IdentityError);
    expect(build).toThrow(
      'Failed to build the auth request: tier "Micro" is not accepted by the client. ' +
        'Use exactly "micro" or "standard".',
    );
  });
});

describe('buildAuthRequest', () => {
  const key = DeviceKey.derive(new SeededRandom(7).fork('device-key/d0/0'));

  it('takes Host from the server URL without the port, as the client sends it', () => {
    const { request } = buildAuthRequest({
      serverHost: 'http://localhost:8080',
      identity: { name: 'mac', value: '02:00:00:00:00:01' },
      key,
      tier: 'micro',
    });
    expect(request.url).toBe(
      'http://localhost:8080/api/devices/v1/authentication/auth_requests',
    );
    expect(request.headers[0]).toEqual(['Host', 'localhost']);
  });

  it('refuses a host with a trailing slash or no scheme', () => {
    for (const serverHost of ['https://hosted.mender.io/', 'hosted.mender.io']) {
      expect(() =>
        buildAuthRequest({
          serverHost,
          identity: { name: 'mac', value: '02:00:00:00:00:01' },
          key,
          tier: 'micro',
        }),
      ).toThrow(/is not an absolute http\(s\) URL without a trailing slash/);
    }
  });
});
