import { describe, expect, it } from 'vitest';

import { fromUtf8 } from '../sim/index.ts';
import {
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
