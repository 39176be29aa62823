import { describe, expect, it } from 'vitest';

import { resolveClientSettings } from './deviceKconfig.ts';
import { machineSettingsFrom } from './machineSettings.ts';
import { parsePrjConf } from './prjconf.ts';

describe('machineSettingsFrom', () => {
  it('gives the micro-tier defaults of the real Kconfig when nothing is set', () => {
    const { settings } = resolveClientSettings({ board: 'esp32s3_devkitc' });
    const machine = machineSettingsFrom(settings);
    expect(machine).toMatchObject({
      serverHost: 'https://hosted.mender.io',
      tier: 'micro',
      deviceType: 'esp32s3_devkitc',
      updatePollIntervalSeconds: 604800,
      inventoryIntervalSeconds: 604800,
      retryBackoffSeconds: 60,
      retryMaxBackoffSeconds: 540,
      maxStateDataStoreCount: 28,
      userAgent: 'Mender/1.0.0 MCU Zephyr/4.2.0',
    });
  });

  it('carries a prj.conf into the client: intervals, tenant token, device type', () => {
    const fragment = parsePrjConf(
      [
        'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30',
        'CONFIG_MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL=60',
        'CONFIG_MENDER_RETRY_ERROR_BACKOFF=5',
        'CONFIG_MENDER_RETRY_ERROR_MAX_BACKOFF=15',
        'CONFIG_MENDER_SERVER_TENANT_TOKEN="tenant-abc"',
        'CONFIG_MENDER_DEVICE_TYPE="esp32"',
        '',
      ].join('\n'),
      'prj.conf',
    );
    const { settings } = resolveClientSettings({
      board: 'esp32s3_devkitc',
      fragments: [fragment],
    });
    expect(machineSettingsFrom(settings)).toMatchObject({
      updatePollIntervalSeconds: 30,
      inventoryIntervalSeconds: 60,
      retryBackoffSeconds: 5,
      retryMaxBackoffSeconds: 15,
      tenantToken: 'tenant-abc',
      deviceType: 'esp32',
    });
  });
});
