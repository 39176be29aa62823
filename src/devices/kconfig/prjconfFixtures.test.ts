import { describe, expect, it } from 'vitest';

import { clientSettingsFrom } from './clientSettings.ts';
import { KconfigError } from './errors.ts';
import { formatPrjConf, parsePrjConf } from './prjconf.ts';
import { resolveKconfig, resolvedValue } from './resolve.ts';
import {
  PRJCONF_FIXTURES_PRESENT,
  SKIPPED_WITHOUT_FIXTURES,
  readPrjConfFixture,
} from './sharedFixtures.ts';

const PRJ_CONF = 'integration-prj.conf';
const BOARD_CONF = 'integration-esp32s3_devkitc_procpu.conf';
const prjText = readPrjConfFixture(PRJ_CONF);
const boardText = readPrjConfFixture(BOARD_CONF);

/**
 * Stands in for the demo part of the reference app's prj.conf when the
 * fixtures are absent, so the layering rules are still exercised.
 */
const INLINE_PRJ_CONF = [
  '# demo intervals',
  'CONFIG_MENDER_MCU_CLIENT=y',
  'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30',
  'CONFIG_MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL=60',
  'CONFIG_MENDER_RETRY_ERROR_BACKOFF=5',
  'CONFIG_MENDER_RETRY_ERROR_MAX_BACKOFF=15',
  'CONFIG_MENDER_SERVER_HOST_US=y',
  '',
].join('\n');

const base = parsePrjConf(prjText ?? INLINE_PRJ_CONF, 'prj.conf');
const board = 'esp32s3_devkitc';

function caught(work: () => unknown): KconfigError {
  try {
    work();
  } catch (error) {
    if (error instanceof KconfigError) return error;
    throw error;
  }
  throw new Error('expected a KconfigError');
}

describe('prjconf-fixtures', () => {
  it.skipIf(!PRJCONF_FIXTURES_PRESENT)(
    `layers the esp32s3 fragment on the reference prj.conf: demo intervals, US host${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      const fragment = parsePrjConf(boardText ?? '', `boards/${BOARD_CONF}`);
      const resolved = resolveKconfig({ board, fragments: [base, fragment] });
      const settings = clientSettingsFrom(resolved);

      expect(settings.updatePollIntervalSeconds).toBe(30);
      expect(settings.inventory?.intervalSeconds).toBe(60);
      expect(settings.retryBackoffSeconds).toBe(5);
      expect(settings.maxRetryBackoffSeconds).toBe(15);
      expect(settings.serverHost).toBe('https://hosted.mender.io');
      expect(settings.hostedRegion).toBe('us');
      expect(settings.tls.secondaryCaEnabled).toBe(true);
      expect(settings.logLevel).toBe(3);
      expect(resolved.warnings).toEqual([]);
    },
  );

  it.skipIf(!PRJCONF_FIXTURES_PRESENT)(
    `keeps the board fragment's own options, client and Zephyr alike${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      const fragment = parsePrjConf(boardText ?? '', `boards/${BOARD_CONF}`);
      const resolved = resolveKconfig({ board, fragments: [base, fragment] });

      // The fragment switches the storage partition back to mender_partition.
      expect(resolved.choices.get('MENDER_STORAGE_PARTITION')).toBe(
        'MENDER_STORAGE_PARTITION_MENDER_PARTITION',
      );
      expect(
        resolved.options.get('MENDER_STORAGE_PARTITION_MENDER_PARTITION'),
      ).toMatchObject({
        value: true,
        origin: { source: `boards/${BOARD_CONF}`, line: 11 },
      });
      const fromFragment = resolved.foreign
        .filter((entry) => entry.origin.source === `boards/${BOARD_CONF}`)
        .map((entry) => [entry.symbol, entry.value]);
      expect(fromFragment).toEqual([
        ['NET_L2_ETHERNET', true],
        ['ESP32_WIFI_STA_AUTO_DHCPV4', true],
        ['WIFI', true],
        ['WIFI_LOG_LEVEL_ERR', true],
      ]);
      expect(
        resolved.foreign.find((entry) => entry.symbol === 'MBEDTLS_HEAP_SIZE')?.value,
      ).toBe(40960);
    },
  );

  it.skipIf(!PRJCONF_FIXTURES_PRESENT)(
    `writes both fixture files back byte for byte${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      expect(formatPrjConf(parsePrjConf(prjText ?? '', PRJ_CONF))).toBe(prjText);
      expect(formatPrjConf(parsePrjConf(boardText ?? '', BOARD_CONF))).toBe(boardText);
    },
  );

  it('lets a further fragment that sets the poll interval win over the first', () => {
    const later = parsePrjConf(
      'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=3600\n',
      'late.conf',
    );
    const resolved = resolveKconfig({ board, fragments: [base, later] });

    expect(clientSettingsFrom(resolved).updatePollIntervalSeconds).toBe(3600);
    expect(resolved.options.get('MENDER_CLIENT_UPDATE_POLL_INTERVAL')?.origin).toEqual({
      source: 'late.conf',
      line: 1,
    });
    expect(resolvedValue(resolved, 'MENDER_RETRY_ERROR_BACKOFF')).toBe(5);
  });

  it('names the fragment and line of an out-of-range value', () => {
    const later = parsePrjConf(
      '# too slow\n\nCONFIG_MENDER_RETRY_ERROR_MAX_BACKOFF=86400\n',
      'overlay-slow.conf',
    );
    const error = caught(() => resolveKconfig({ board, fragments: [base, later] }));

    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.origin).toEqual({ source: 'overlay-slow.conf', line: 3 });
    expect(error.message).toBe(
      'Failed to read overlay-slow.conf line 3: CONFIG_MENDER_RETRY_ERROR_MAX_BACKOFF=86400 ' +
        'is outside its range 0..21600. Use a value from 0 to 21600.',
    );
  });

  it('names the fragment and line of a value of the wrong type', () => {
    const later = parsePrjConf(
      'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL="30"\n',
      'x.conf',
    );
    const error = caught(() => resolveKconfig({ board, fragments: [base, later] }));

    expect(error.code).toBe('WRONG_TYPE');
    expect(error.message).toBe(
      'Failed to read x.conf line 1: CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL is an int ' +
        'option and cannot be string "30". Write a whole number such as 30.',
    );
  });
});
