import { describe, expect, it } from 'vitest';

import {
  CLIENT_BUILD_VERSIONS,
  clientRequestHeaders,
  userAgent,
} from './requestHeaders.ts';

describe('clientRequestHeaders', () => {
  it('puts the bearer token after User-Agent on an authenticated JSON call', () => {
    const body = new TextEncoder().encode('{"status":"installing"}');
    expect(
      clientRequestHeaders({
        url: 'https://eu.hosted.mender.io/api/devices/v1/deployments/device/deployments/d1/status',
        jwt: 'eyJ.token',
        body,
      }),
    ).toEqual([
      ['Host', 'eu.hosted.mender.io'],
      ['User-Agent', 'Mender/1.0.0 MCU Zephyr/4.2.0'],
      ['Authorization', 'Bearer eyJ.token'],
      ['Content-Type', 'application/json'],
      ['Content-Length', '23'],
    ]);
  });

  it('sends only Host, User-Agent and Range on a ranged artifact download', () => {
    expect(
      clientRequestHeaders({
        url: 'https://s3.example.com:9000/artifacts/a.mender?sig=1',
        range: { first: 2048, last: 4095 },
      }),
    ).toEqual([
      ['Host', 's3.example.com'],
      ['User-Agent', userAgent(CLIENT_BUILD_VERSIONS)],
      ['Range', 'bytes=2048-4095'],
    ]);
  });

  it('reports other versions when a device is built with them', () => {
    expect(userAgent({ client: '1.0.1', zephyr: '4.1.0' })).toBe(
      'Mender/1.0.1 MCU Zephyr/4.1.0',
    );
  });
});
