import { describe, expect, it } from 'vitest';

import { fromUtf8 } from '../sim/index.ts';
import {
  ApiRequestBuilder,
  buildApiRequest,
  deploymentStatus,
  inventoryUpdate,
  nextDeploymentV1,
  nextDeploymentV2,
  parseDeploymentLogLine,
} from './apiRequests.ts';
import { defaultClientSettings } from './clientSettings.ts';

const settings = defaultClientSettings({ deviceType: 'esp32s3' });

describe('device API requests', () => {
  it('sends the v2 check with the device type first and the artifact name last', () => {
    const call = nextDeploymentV2('esp32s3', [['rootfs-image.version', 'r1']], 'r1');
    expect(call.body).toBe(
      '{"device_provides":{"device_type":"esp32s3","rootfs-image.version":"r1","artifact_name":"r1"}}',
    );
  });

  it('puts v1 query values in verbatim', () => {
    expect(nextDeploymentV1('a b', 'n&1').path).toBe(
      '/api/devices/v1/deployments/device/deployments/next?artifact_name=n&1&device_type=a b',
    );
  });

  it('orders headers User-Agent, Authorization, Content-Type', () => {
    const request = buildApiRequest(
      settings,
      deploymentStatus('d1', 'installing'),
      'jwt',
    );
    expect(request.url).toBe(
      'https://hosted.mender.io/api/devices/v1/deployments/device/deployments/d1/status',
    );
    expect(request.headers).toEqual([
      ['User-Agent', 'Mender/1.0.0 MCU Zephyr/4.2.0'],
      ['Authorization', 'Bearer jwt'],
      ['Content-Type', 'application/json'],
    ]);
    expect(fromUtf8(request.body)).toBe('{"status":"installing"}');
  });

  it('builds the same requests when it reuses parts across polls and tokens', () => {
    const builder = new ApiRequestBuilder(settings);
    const calls = [
      nextDeploymentV2('esp32s3', [], 'r1'),
      inventoryUpdate('PATCH', [{ name: 'x', value: '1' }]),
      nextDeploymentV1('esp32s3', 'r1'),
      deploymentStatus('d1', 'failure'),
    ];
    const tokens = [undefined, 'jwt-1', 'jwt-1', undefined, 'jwt-2', 'jwt-2'];
    const built = [];
    for (const token of tokens) {
      for (const call of calls) {
        const request = builder.build(call, token);
        expect(request).toEqual(buildApiRequest(settings, call, token));
        built.push(request);
      }
    }
    // The second poll with the same token reuses the first one's header list.
    expect(built[4]!.headers).toBe(built[8]!.headers);
    expect(built[2]!.headers).toEqual([['User-Agent', 'Mender/1.0.0 MCU Zephyr/4.2.0']]);
    expect(built[16]!.headers[1]).toEqual(['Authorization', 'Bearer jwt-2']);
  });

  it('sends inventory as a compact name/value array', () => {
    expect(inventoryUpdate('PATCH', [{ name: 'x', value: '1' }]).body).toBe(
      '[{"name":"x","value":"1"}]',
    );
  });

  it('splits stored deployment-log lines', () => {
    expect(parseDeploymentLogLine('[2026-01-01T00:00:00.000Z] err mender: boom')).toEqual(
      {
        timestamp: '2026-01-01T00:00:00.000Z',
        level: 'err',
        message: 'boom',
      },
    );
  });
});
