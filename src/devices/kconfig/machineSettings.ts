import {
  defaultClientSettings,
  type ClientSettings as MachineSettings,
} from '../../machines/clientSettings.ts';
import {
  CLIENT_BUILD_VERSIONS,
  userAgent,
  type ClientBuildVersions,
} from '../identity/index.ts';
import type { ClientSettings as KconfigSettings } from './clientSettings.ts';

/**
 * The settings the client machine runs with, from a resolved Kconfig. A
 * feature compiled out (null in the Kconfig settings) is switched off here.
 */
export function machineSettingsFrom(
  kconfig: KconfigSettings,
  versions: ClientBuildVersions = CLIENT_BUILD_VERSIONS,
): MachineSettings {
  return defaultClientSettings({
    serverHost: kconfig.serverHost,
    tenantToken: kconfig.tenantToken ?? '',
    tier: kconfig.tier,
    deviceType: kconfig.deviceType,
    artifactName: kconfig.initialArtifactName ?? '',
    updatePollIntervalSeconds: kconfig.updatePollIntervalSeconds,
    inventoryIntervalSeconds: kconfig.inventory?.intervalSeconds ?? 0,
    inventoryDisabled: kconfig.inventory === null,
    inventoryBuildInfo: kconfig.inventory?.buildInfo ?? false,
    inventoryNetworkInfo: kconfig.inventory?.networkInfo ?? false,
    retryBackoffSeconds: kconfig.retryBackoffSeconds,
    retryMaxBackoffSeconds: kconfig.maxRetryBackoffSeconds,
    maxStateDataStoreCount: kconfig.maxStateDataStoreCount,
    detectRebootErrors: kconfig.errorsThresholdReboot !== null,
    errorsThresholdReboot: kconfig.errorsThresholdReboot ?? 0,
    detectNetworkErrors: kconfig.errorsThresholdNetwork !== null,
    errorsThresholdNetwork: kconfig.errorsThresholdNetwork ?? 0,
    commitRequireAuth: kconfig.commitRequireAuth,
    deploymentLogs: kconfig.deploymentLogSectors !== null,
    deploymentDataCrc: kconfig.deploymentDataCrc,
    providesDepends: kconfig.providesDepends,
    fullParseArtifact: kconfig.fullParseArtifact,
    separateWorkQueue: kconfig.separateWorkQueue,
    httpRequestTimeoutMs: kconfig.httpRequestTimeoutMs,
    userAgent: userAgent(versions),
    clientVersion: versions.client,
    zephyrVersion: versions.zephyr,
  });
}
