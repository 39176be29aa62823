import { KconfigError } from './errors.ts';
import { resolvedValue, type ResolvedKconfig } from './resolve.ts';
import type { DeviceTier } from './types.ts';

/** How the artifact is fetched: one GET, or a series of Range requests. */
export type ArtifactDownloadSettings =
  | { readonly ranges: false }
  | {
      readonly ranges: true;
      readonly chunkSizeBytes: number;
      readonly maxTriesPerChunk: number;
      readonly retryDelayMs: number;
    };

/** TLS details that decide which CA slots a connection offers. */
export interface TlsSettings {
  readonly peerVerify: number;
  readonly primaryCaTag: number;
  readonly secondaryCaTag: number;
  /** Whether sockets offer the secondary CA too (forced on for hosted Mender). */
  readonly secondaryCaEnabled: boolean;
  /** Tags of the two spare certificates, or null when they are not installed. */
  readonly dormantCaTags: readonly [number, number] | null;
}

/**
 * The values the simulated client runs with, taken from a resolved Kconfig.
 * Null marks a feature compiled out (its option's dependencies are off).
 */
export interface ClientSettings {
  /** Base URL of the API server, without a trailing slash. */
  readonly serverHost: string;
  /** Which hosted Mender region the host choice picked, or null for an own server. */
  readonly hostedRegion: 'us' | 'eu' | null;
  /** Null when empty: the auth request then has no tenant_token field. */
  readonly tenantToken: string | null;
  readonly deviceType: string;
  readonly tier: DeviceTier;
  /**
   * The artifact name reported before anything was committed to flash; null
   * when unset, and the client then reports `unknown`.
   */
  readonly initialArtifactName: string | null;
  readonly updatePollIntervalSeconds: number;
  /** Null when inventory is compiled out. */
  readonly inventory: {
    readonly intervalSeconds: number;
    readonly buildInfo: boolean;
    readonly networkInfo: boolean;
  } | null;
  readonly retryBackoffSeconds: number;
  readonly maxRetryBackoffSeconds: number;
  readonly maxStateDataStoreCount: number;
  /** Runs in PENDING_REBOOT before the client reboots itself; null when not detected. */
  readonly errorsThresholdReboot: number | null;
  /** Network failures before the network is released; null when not detected. */
  readonly errorsThresholdNetwork: number | null;
  readonly commitRequireAuth: boolean;
  readonly fullParseArtifact: boolean;
  readonly providesDepends: boolean;
  readonly zephyrImageUpdateModule: boolean;
  /** Flash sectors of the deployment log buffer; null when deployment logs are off. */
  readonly deploymentLogSectors: number | null;
  readonly deploymentDataCrc: boolean;
  readonly nvsSectorCount: number;
  readonly artifactDownload: ArtifactDownloadSettings;
  readonly httpRequestTimeoutMs: number;
  readonly parseHttpDateRetryAfter: boolean;
  readonly tls: TlsSettings;
  /** With a separate work queue both works start at once; else the first run waits 1 s. */
  readonly separateWorkQueue: boolean;
  /** Compiled-in log level, 0 (off) to 4 (debug); null when Zephyr logging is off. */
  readonly logLevel: number | null;
}

/** Platform layers the simulator models; a `weak` one is the application's own code. */
const SIMULATED_PLATFORMS: Record<string, string> = {
  MENDER_PLATFORM_NET_TYPE: 'MENDER_PLATFORM_NET_TYPE_DEFAULT',
  MENDER_PLATFORM_SCHEDULER_TYPE: 'MENDER_PLATFORM_SCHEDULER_TYPE_DEFAULT',
  MENDER_PLATFORM_STORAGE_TYPE: 'MENDER_PLATFORM_STORAGE_TYPE_NVS',
  MENDER_PLATFORM_TLS_TYPE: 'MENDER_PLATFORM_TLS_TYPE_MBEDTLS',
};

class SettingsReader {
  constructor(private readonly resolved: ResolvedKconfig) {}

  flag(name: string): boolean {
    return resolvedValue(this.resolved, name) === true;
  }

  number(name: string): number {
    const value = resolvedValue(this.resolved, name);
    if (typeof value !== 'number') throw this.missing(name);
    return value;
  }

  numberOrNull(name: string): number | null {
    const value = resolvedValue(this.resolved, name);
    return typeof value === 'number' ? value : null;
  }

  text(name: string): string {
    const value = resolvedValue(this.resolved, name);
    return typeof value === 'string' ? value : '';
  }

  private missing(name: string): KconfigError {
    return new KconfigError(
      'CLIENT_INIT_REFUSED',
      `Failed to build the client settings: ${name} has no value in this ` +
        'configuration. Check the options it depends on.',
      undefined,
      name,
    );
  }
}

function refuse(symbol: string, problem: string, fix: string): KconfigError {
  return new KconfigError(
    'CLIENT_INIT_REFUSED',
    `The Mender client would not start: ${problem}. ${fix}`,
    undefined,
    symbol,
  );
}

function checkBuildable(resolved: ResolvedKconfig): void {
  if (resolvedValue(resolved, 'MENDER_MCU_CLIENT') !== true) {
    throw new KconfigError(
      'CLIENT_DISABLED',
      'Failed to build the client settings: CONFIG_MENDER_MCU_CLIENT is off, so the ' +
        'firmware has no Mender client. Set CONFIG_MENDER_MCU_CLIENT=y.',
      undefined,
      'MENDER_MCU_CLIENT',
    );
  }
  for (const [choice, simulated] of Object.entries(SIMULATED_PLATFORMS)) {
    const picked = resolved.choices.get(choice);
    if (picked === simulated) continue;
    throw new KconfigError(
      'CLIENT_INIT_REFUSED',
      `Failed to build the client settings: CONFIG_${picked ?? choice} means the ` +
        'application supplies that platform layer itself, which the simulator cannot ' +
        `run. Keep CONFIG_${simulated}=y.`,
      undefined,
      picked ?? choice,
    );
  }
}

function hostedRegionOf(resolved: ResolvedKconfig): 'us' | 'eu' | null {
  const picked = resolved.choices.get('MENDER_SERVER_HOST');
  if (picked === 'MENDER_SERVER_HOST_US') return 'us';
  if (picked === 'MENDER_SERVER_HOST_EU') return 'eu';
  return null;
}

/**
 * The settings the simulated client needs, from a resolved configuration.
 *
 * @throws KconfigError `CLIENT_DISABLED` when the client is not built, or
 *   `CLIENT_INIT_REFUSED` for values the real client refuses at start-up
 *   (empty device type, empty host or one ending in `/`) and platform
 *   layers the simulator cannot run
 */
export function clientSettingsFrom(resolved: ResolvedKconfig): ClientSettings {
  checkBuildable(resolved);
  const read = new SettingsReader(resolved);

  const serverHost = read.text('MENDER_SERVER_HOST');
  if (serverHost === '') {
    throw refuse(
      'MENDER_SERVER_HOST',
      'the server URL is empty',
      'Set CONFIG_MENDER_SERVER_HOST="https://your.server" for an on-premise server.',
    );
  }
  if (serverHost.endsWith('/')) {
    throw refuse(
      'MENDER_SERVER_HOST',
      `the server URL "${serverHost}" ends with /`,
      'Remove the trailing slash.',
    );
  }
  const deviceType = read.text('MENDER_DEVICE_TYPE');
  if (deviceType === '') {
    throw refuse(
      'MENDER_DEVICE_TYPE',
      'the device type is empty',
      'Set CONFIG_MENDER_DEVICE_TYPE or give the device a board name.',
    );
  }

  const tenantToken = read.text('MENDER_SERVER_TENANT_TOKEN');
  const artifactName = read.text('MENDER_ARTIFACT_NAME');
  const inventoryEnabled = !read.flag('MENDER_CLIENT_INVENTORY_DISABLE');
  const dormant = read.flag('MENDER_SERVER_DORMANT_CERTIFICATES');

  return {
    serverHost,
    hostedRegion: hostedRegionOf(resolved),
    tenantToken: tenantToken === '' ? null : tenantToken,
    deviceType,
    tier: read.text('MENDER_DEVICE_TIER') === 'standard' ? 'standard' : 'micro',
    initialArtifactName: artifactName === '' ? null : artifactName,
    updatePollIntervalSeconds: read.number('MENDER_CLIENT_UPDATE_POLL_INTERVAL'),
    inventory: inventoryEnabled
      ? {
          intervalSeconds: read.number('MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL'),
          buildInfo: read.flag('MENDER_CLIENT_INVENTORY_BUILD_INFO'),
          networkInfo: read.flag('MENDER_CLIENT_INVENTORY_NETWORK_INFO'),
        }
      : null,
    retryBackoffSeconds: read.number('MENDER_RETRY_ERROR_BACKOFF'),
    maxRetryBackoffSeconds: read.number('MENDER_RETRY_ERROR_MAX_BACKOFF'),
    maxStateDataStoreCount: read.number('MENDER_MAX_STATE_DATA_STORE_COUNT'),
    errorsThresholdReboot: read.numberOrNull('MENDER_ERRORS_THRESHOLD_REBOOT'),
    errorsThresholdNetwork: read.numberOrNull('MENDER_ERRORS_THRESHOLD_NET'),
    commitRequireAuth: read.flag('MENDER_COMMIT_REQUIRE_AUTH'),
    fullParseArtifact: read.flag('MENDER_FULL_PARSE_ARTIFACT'),
    providesDepends: read.flag('MENDER_PROVIDES_DEPENDS'),
    zephyrImageUpdateModule: read.flag('MENDER_ZEPHYR_IMAGE_UPDATE_MODULE'),
    deploymentLogSectors: read.flag('MENDER_DEPLOYMENT_LOGS')
      ? read.number('MENDER_STORAGE_DEPLOYMENT_LOGS_SECTORS')
      : null,
    deploymentDataCrc: read.flag('MENDER_STORAGE_DEPLOYMENT_DATA_CRC'),
    nvsSectorCount: read.number('MENDER_STORAGE_NVS_SECTOR_COUNT'),
    artifactDownload: read.flag('MENDER_ARTIFACT_DOWNLOAD_RANGES')
      ? {
          ranges: true,
          chunkSizeBytes: read.number('MENDER_ARTIFACT_DOWNLOAD_CHUNK_SIZE'),
          maxTriesPerChunk: read.number('MENDER_ARTIFACT_DOWNLOAD_CHUNK_MAX_TRIES'),
          retryDelayMs: read.number('MENDER_ARTIFACT_DOWNLOAD_CHUNK_DELAY_MS'),
        }
      : { ranges: false },
    httpRequestTimeoutMs: read.number('MENDER_HTTP_REQUEST_TIMEOUT_MS'),
    parseHttpDateRetryAfter: read.flag('MENDER_HTTP_PARSE_DATE_HEADER'),
    tls: {
      peerVerify: read.number('MENDER_NET_TLS_PEER_VERIFY'),
      primaryCaTag: read.number('MENDER_NET_CA_CERTIFICATE_TAG_PRIMARY'),
      secondaryCaTag: read.number('MENDER_NET_CA_CERTIFICATE_TAG_SECONDARY'),
      secondaryCaEnabled: read.flag('MENDER_NET_CA_CERTIFICATE_TAG_SECONDARY_ENABLED'),
      dormantCaTags: dormant
        ? [
            read.number('MENDER_NET_CA_CERTIFICATE_TAG_DORMANT_A'),
            read.number('MENDER_NET_CA_CERTIFICATE_TAG_DORMANT_B'),
          ]
        : null,
    },
    separateWorkQueue: read.flag('MENDER_SCHEDULER_SEPARATE_WORK_QUEUE'),
    logLevel: read.numberOrNull('MENDER_LOG_LEVEL'),
  };
}
