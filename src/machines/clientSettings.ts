/**
 * The resolved configuration one client runs with: what the Kconfig options
 * and `mender_client_config_t` boil down to (reference §4). The Kconfig
 * resolver maps a prj.conf onto this object; the client reads nothing else.
 */
export interface ClientSettings {
  /** Server URL without a trailing slash. @default 'https://hosted.mender.io' */
  readonly serverHost: string;
  /** `MENDER_SERVER_TENANT_TOKEN`; empty omits it from the auth body. */
  readonly tenantToken: string;
  /** `MENDER_DEVICE_TIER`. @default 'micro' */
  readonly tier: 'micro' | 'standard';
  /** `MENDER_DEVICE_TYPE` (the board name by default). */
  readonly deviceType: string;
  /** `MENDER_ARTIFACT_NAME`: the name before any deployment; empty → `unknown`. */
  readonly artifactName: string;
  /** `MENDER_CLIENT_UPDATE_POLL_INTERVAL`, seconds. */
  readonly updatePollIntervalSeconds: number;
  /** `MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL`, seconds. */
  readonly inventoryIntervalSeconds: number;
  /** `MENDER_CLIENT_INVENTORY_DISABLE`: no inventory work at all. */
  readonly inventoryDisabled: boolean;
  /** `MENDER_CLIENT_INVENTORY_BUILD_INFO`. */
  readonly inventoryBuildInfo: boolean;
  /** `MENDER_CLIENT_INVENTORY_NETWORK_INFO`. */
  readonly inventoryNetworkInfo: boolean;
  /** `MENDER_RETRY_ERROR_BACKOFF`, seconds. */
  readonly retryBackoffSeconds: number;
  /** `MENDER_RETRY_ERROR_MAX_BACKOFF`, seconds. */
  readonly retryMaxBackoffSeconds: number;
  /** `MENDER_MAX_STATE_DATA_STORE_COUNT`. */
  readonly maxStateDataStoreCount: number;
  /** `MENDER_DETECT_REBOOT_ERRORS`. */
  readonly detectRebootErrors: boolean;
  /** `MENDER_ERRORS_THRESHOLD_REBOOT`. */
  readonly errorsThresholdReboot: number;
  /** `MENDER_DETECT_NETWORK_ERRORS`. */
  readonly detectNetworkErrors: boolean;
  /** `MENDER_ERRORS_THRESHOLD_NET`. */
  readonly errorsThresholdNetwork: number;
  /** `MENDER_COMMIT_REQUIRE_AUTH`. */
  readonly commitRequireAuth: boolean;
  /** `MENDER_DEPLOYMENT_LOGS`. */
  readonly deploymentLogs: boolean;
  /** `MENDER_STORAGE_DEPLOYMENT_DATA_CRC`. */
  readonly deploymentDataCrc: boolean;
  /** `MENDER_PROVIDES_DEPENDS` (v2 next-deployment API, depends check). */
  readonly providesDepends: boolean;
  /** `MENDER_FULL_PARSE_ARTIFACT` (device-type and checksum checks). */
  readonly fullParseArtifact: boolean;
  /** `MENDER_SCHEDULER_SEPARATE_WORK_QUEUE`: first runs at once, else after 1 s. */
  readonly separateWorkQueue: boolean;
  /** `MENDER_HTTP_REQUEST_TIMEOUT_MS`. */
  readonly httpRequestTimeoutMs: number;
  /** The `User-Agent` header value: `Mender/<version> MCU Zephyr/<kernel>`. */
  readonly userAgent: string;
  /** `mender_client_version` inventory item. */
  readonly clientVersion: string;
  /** `zephyr_version` inventory item. */
  readonly zephyrVersion: string;
}

/** Client version the product states as its default (1.0.0 release). */
export const DEFAULT_CLIENT_VERSION = '1.0.0';
/** Zephyr version the product states as its default (README compatibility). */
export const DEFAULT_ZEPHYR_VERSION = '4.2.0';

/**
 * Kconfig defaults for the micro tier (reference §4.3, §8). The device type
 * defaults to the board, so callers always pass one.
 */
export function defaultClientSettings(
  overrides: Partial<ClientSettings> & Pick<ClientSettings, 'deviceType'>,
): ClientSettings {
  const clientVersion = overrides.clientVersion ?? DEFAULT_CLIENT_VERSION;
  const zephyrVersion = overrides.zephyrVersion ?? DEFAULT_ZEPHYR_VERSION;
  return {
    serverHost: 'https://hosted.mender.io',
    tenantToken: '',
    tier: 'micro',
    artifactName: '',
    updatePollIntervalSeconds: 604800,
    inventoryIntervalSeconds: 604800,
    inventoryDisabled: false,
    inventoryBuildInfo: true,
    inventoryNetworkInfo: true,
    retryBackoffSeconds: 60,
    retryMaxBackoffSeconds: 540,
    maxStateDataStoreCount: 28,
    detectRebootErrors: true,
    errorsThresholdReboot: 5,
    detectNetworkErrors: true,
    errorsThresholdNetwork: 10,
    commitRequireAuth: true,
    deploymentLogs: true,
    deploymentDataCrc: true,
    providesDepends: true,
    fullParseArtifact: true,
    separateWorkQueue: true,
    httpRequestTimeoutMs: 60000,
    userAgent: `Mender/${clientVersion} MCU Zephyr/${zephyrVersion}`,
    clientVersion,
    zephyrVersion,
    ...overrides,
  };
}

/** The reference app's demo overrides (MMI prj.conf): 30 s, 60 s, 5 s, 15 s. */
export const DEMO_INTERVALS = {
  updatePollIntervalSeconds: 30,
  inventoryIntervalSeconds: 60,
  retryBackoffSeconds: 5,
  retryMaxBackoffSeconds: 15,
} as const satisfies Partial<ClientSettings>;

/** The integration tests' build settings (reference §1.6). */
export const INTEGRATION_TEST_OVERRIDES = {
  ...DEMO_INTERVALS,
  updatePollIntervalSeconds: 10,
  maxStateDataStoreCount: 12,
  deviceType: 'test-device',
} as const satisfies Partial<ClientSettings>;
