import { describe, expect, it } from 'vitest';

import { prjConfChangesFromForm } from './assignments.ts';
import { clientSettingsFrom } from './clientSettings.ts';
import { resolveClientSettings } from './deviceKconfig.ts';
import { KconfigError } from './errors.ts';
import { formatPrjConf, parsePrjConf, updatePrjConf } from './prjconf.ts';
import { resolveKconfig, resolvedValue, type KconfigInput } from './resolve.ts';
import type { KconfigValue } from './types.ts';

const board = 'nrf52840dk';

function resolveText(text: string, extra: Partial<KconfigInput> = {}) {
  return resolveKconfig({ board, fragments: [parsePrjConf(text, 'prj.conf')], ...extra });
}

function settingsOf(text: string, form: Record<string, KconfigValue> = {}) {
  return clientSettingsFrom(resolveText(text, { form }));
}

function caught(work: () => unknown): KconfigError {
  try {
    work();
  } catch (error) {
    if (error instanceof KconfigError) return error;
    throw error;
  }
  throw new Error('expected a KconfigError');
}

describe('resolveKconfig', () => {
  it('gives the micro tier defaults when nothing is assigned', () => {
    const settings = clientSettingsFrom(resolveKconfig({ board }));

    expect(settings).toMatchObject({
      serverHost: 'https://hosted.mender.io',
      hostedRegion: 'us',
      tenantToken: null,
      deviceType: board,
      tier: 'micro',
      initialArtifactName: null,
      updatePollIntervalSeconds: 604800,
      inventory: { intervalSeconds: 604800, buildInfo: true, networkInfo: true },
      retryBackoffSeconds: 60,
      maxRetryBackoffSeconds: 540,
      maxStateDataStoreCount: 28,
      errorsThresholdReboot: 5,
      errorsThresholdNetwork: 10,
      commitRequireAuth: true,
      artifactDownload: { ranges: false },
      httpRequestTimeoutMs: 60000,
      deploymentLogSectors: 2,
      logLevel: 3,
    });
  });

  it('switches the tier-dependent defaults with the standard tier', () => {
    const resolved = resolveText('CONFIG_MENDER_DEVICE_TIER_STANDARD=y\n');
    const settings = clientSettingsFrom(resolved);

    expect(settings.tier).toBe('standard');
    expect(settings.updatePollIntervalSeconds).toBe(1800);
    expect(settings.inventory?.intervalSeconds).toBe(28800);
    expect(resolvedValue(resolved, 'MENDER_ARTIFACT_WARN_SIZE')).toBe('10GB');
  });

  it('resolves the EU hosted choice to its host', () => {
    const settings = settingsOf('CONFIG_MENDER_SERVER_HOST_EU=y\n');
    expect(settings.serverHost).toBe('https://eu.hosted.mender.io');
    expect(settings.hostedRegion).toBe('eu');
    expect(settings.tls.secondaryCaEnabled).toBe(true);
  });

  it('ignores a server URL unless the on-premise choice is picked, and says why', () => {
    const ignored = resolveText(
      'CONFIG_MENDER_SERVER_HOST="https://mender.example.com"\n',
    );
    expect(resolvedValue(ignored, 'MENDER_SERVER_HOST')).toBe('https://hosted.mender.io');
    expect(ignored.warnings).toEqual([
      {
        code: 'ASSIGNMENT_IGNORED',
        symbol: 'MENDER_SERVER_HOST',
        origin: { source: 'prj.conf', line: 1 },
        message:
          'CONFIG_MENDER_SERVER_HOST="https://mender.example.com" at prj.conf line 1 has ' +
          'no effect: it can only be set when MENDER_SERVER_HOST_ON_PREM. It is ' +
          '"https://hosted.mender.io".',
      },
    ]);

    const used = settingsOf(
      'CONFIG_MENDER_SERVER_HOST_ON_PREM=y\n' +
        'CONFIG_MENDER_SERVER_HOST="https://mender.example.com"\n',
    );
    expect(used.serverHost).toBe('https://mender.example.com');
    expect(used.hostedRegion).toBeNull();
    expect(used.tls.secondaryCaEnabled).toBe(false);
  });

  it('keeps commit authentication forced on while zephyr-image is built', () => {
    const forced = resolveText('CONFIG_MENDER_COMMIT_REQUIRE_AUTH=n\n');
    expect(clientSettingsFrom(forced).commitRequireAuth).toBe(true);
    expect(forced.warnings[0]?.message).toContain(
      'another enabled option selects it, which forces it on. It is y.',
    );

    const free = settingsOf(
      'CONFIG_MENDER_ZEPHYR_IMAGE_UPDATE_MODULE=n\nCONFIG_MENDER_COMMIT_REQUIRE_AUTH=n\n',
    );
    expect(free.commitRequireAuth).toBe(false);
  });

  it('drops options whose parent is off', () => {
    const settings = settingsOf(
      'CONFIG_MENDER_DETECT_REBOOT_ERRORS=n\nCONFIG_MENDER_CLIENT_INVENTORY_DISABLE=y\n' +
        'CONFIG_MENDER_DEPLOYMENT_LOGS=n\nCONFIG_MENDER_SERVER_DORMANT_CERTIFICATES=n\n',
    );
    expect(settings.errorsThresholdReboot).toBeNull();
    expect(settings.errorsThresholdNetwork).toBe(10);
    expect(settings.inventory).toBeNull();
    expect(settings.deploymentLogSectors).toBeNull();
    expect(settings.tls.dormantCaTags).toBeNull();
  });

  it('warns that an assignment to a derived symbol is ignored and names the choice', () => {
    const resolved = resolveText('CONFIG_MENDER_DEVICE_TIER="standard"\n');
    expect(resolvedValue(resolved, 'MENDER_DEVICE_TIER')).toBe('micro');
    expect(resolved.warnings[0]?.message).toBe(
      'CONFIG_MENDER_DEVICE_TIER="standard" at prj.conf line 1 has no effect: it has no ' +
        'prompt and follows its choice; set CONFIG_MENDER_DEVICE_TIER_STANDARD=y or ' +
        'CONFIG_MENDER_DEVICE_TIER_MICRO=y instead. It is "micro".',
    );
  });

  it('keeps a choice pick when its member is later set to n, as Kconfig does', () => {
    const resolved = resolveKconfig({
      board,
      fragments: [
        parsePrjConf('CONFIG_MENDER_SERVER_HOST_EU=y\n', 'prj.conf'),
        parsePrjConf('CONFIG_MENDER_SERVER_HOST_EU=n\n', 'board.conf'),
      ],
    });
    expect(resolved.choices.get('MENDER_SERVER_HOST')).toBe('MENDER_SERVER_HOST_EU');
    expect(resolved.warnings.map((warning) => warning.message)).toEqual([
      'CONFIG_MENDER_SERVER_HOST_EU=n at board.conf line 1 has no effect: it stays picked ' +
        'in MENDER_SERVER_HOST until another member is set to y. It is y.',
    ]);
  });

  it('applies the form after the fragments', () => {
    const settings = settingsOf('CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\n', {
      MENDER_CLIENT_UPDATE_POLL_INTERVAL: 120,
      CONFIG_MENDER_SERVER_TENANT_TOKEN: 'tenant-token',
    });
    expect(settings.updatePollIntervalSeconds).toBe(120);
    expect(settings.tenantToken).toBe('tenant-token');
  });

  it('rejects an unknown form key and a form value of the wrong type', () => {
    const unknown = caught(() =>
      resolveKconfig({
        board,
        form: { MENDER_POLL: 30 },
        formSource: 'scenario fleet[0]',
      }),
    );
    expect(unknown.code).toBe('UNKNOWN_OPTION');
    expect(unknown.message).toContain(
      'Failed to read scenario fleet[0]: MENDER_POLL is not an option of the Mender MCU client.',
    );

    const mistyped = caught(() =>
      resolveKconfig({ board, form: { MENDER_DEPLOYMENT_LOGS: 'yes' } }),
    );
    expect(mistyped.message).toBe(
      'Failed to read form: CONFIG_MENDER_DEPLOYMENT_LOGS is a bool option and cannot be ' +
        'string "yes". Write y (or n).',
    );
  });

  it('reads the Zephyr symbols the client depends on from the fragments', () => {
    const cellular = settingsOf('CONFIG_MODEM_CELLULAR=y\nCONFIG_LOG=n\n');
    expect(cellular.httpRequestTimeoutMs).toBe(300000);
    expect(cellular.logLevel).toBeNull();

    const debug = settingsOf('CONFIG_MENDER_LOG_LEVEL_DBG=y\n');
    expect(debug.logLevel).toBe(4);
  });

  it('fills the ranged-download settings only when ranges are on', () => {
    const settings = settingsOf(
      'CONFIG_MENDER_ARTIFACT_DOWNLOAD_RANGES=y\nCONFIG_MENDER_ARTIFACT_DOWNLOAD_CHUNK_SIZE=4096\n',
    );
    expect(settings.artifactDownload).toEqual({
      ranges: true,
      chunkSizeBytes: 4096,
      maxTriesPerChunk: 3,
      retryDelayMs: 500,
    });
  });

  it("reports an application's own MENDER_ symbol as not the client's", () => {
    const resolved = resolveText('CONFIG_MENDER_APP_NOOP_UPDATE_MODULE=y\n');
    expect(resolved.foreign).toEqual([
      {
        symbol: 'MENDER_APP_NOOP_UPDATE_MODULE',
        value: true,
        origin: { source: 'prj.conf', line: 1 },
      },
    ]);
    expect(resolved.warnings[0]?.code).toBe('NOT_A_CLIENT_OPTION');
  });
});

describe('clientSettingsFrom', () => {
  it('refuses a configuration without the client', () => {
    const error = caught(() => settingsOf('CONFIG_MENDER_MCU_CLIENT=n\n'));
    expect(error.code).toBe('CLIENT_DISABLED');
    expect(error.message).toContain('Set CONFIG_MENDER_MCU_CLIENT=y.');
  });

  it('refuses what the real client refuses at start-up', () => {
    const slash = caught(() =>
      settingsOf(
        'CONFIG_MENDER_SERVER_HOST_ON_PREM=y\nCONFIG_MENDER_SERVER_HOST="https://m.example/"\n',
      ),
    );
    expect(slash.message).toBe(
      'The Mender client would not start: the server URL "https://m.example/" ends with /. ' +
        'Remove the trailing slash.',
    );
    expect(
      caught(() => settingsOf('CONFIG_MENDER_SERVER_HOST_ON_PREM=y\n')).message,
    ).toContain('the server URL is empty');
    expect(caught(() => settingsOf('CONFIG_MENDER_DEVICE_TYPE=""\n')).message).toContain(
      'the device type is empty',
    );
  });

  it('refuses a platform layer the application would supply itself', () => {
    const error = caught(() => settingsOf('CONFIG_MENDER_PLATFORM_NET_TYPE_WEAK=y\n'));
    expect(error.code).toBe('CLIENT_INIT_REFUSED');
    expect(error.symbol).toBe('MENDER_PLATFORM_NET_TYPE_WEAK');
  });

  it('takes the initial artifact name from MENDER_ARTIFACT_NAME', () => {
    expect(
      settingsOf('CONFIG_MENDER_ARTIFACT_NAME="release-1"\n').initialArtifactName,
    ).toBe('release-1');
  });
});

describe('resolveClientSettings', () => {
  it('returns settings with the ignored assignments and fair-use warnings together', () => {
    const result = resolveClientSettings({
      board,
      fragments: [
        parsePrjConf(
          'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\nCONFIG_MENDER_DEVICE_TIER="x"\n',
          'prj.conf',
        ),
      ],
    });
    expect(result.settings.updatePollIntervalSeconds).toBe(30);
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'ASSIGNMENT_IGNORED',
      'POLL_BELOW_TIER_DEFAULT',
    ]);
  });

  it('writes form values into a fragment as prj.conf lines', () => {
    const fragment = parsePrjConf(
      '# mine\nCONFIG_MENDER_RETRY_ERROR_BACKOFF=5\n',
      'prj.conf',
    );
    const changes = prjConfChangesFromForm({
      MENDER_RETRY_ERROR_BACKOFF: 30,
      MENDER_SERVER_HOST_EU: true,
    });
    expect(formatPrjConf(updatePrjConf(fragment, changes))).toBe(
      '# mine\nCONFIG_MENDER_RETRY_ERROR_BACKOFF=30\nCONFIG_MENDER_SERVER_HOST_EU=y\n',
    );
  });
});
