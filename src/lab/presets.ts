/**
 * Interval presets of the polling lab, with where each figure comes from
 * (reference: polling-and-limits.md C1 and mender-mcu-client.md §8).
 */

export type DeviceTier = 'micro' | 'standard';

export interface IntervalSettings {
  /** MENDER_CLIENT_UPDATE_POLL_INTERVAL, seconds. */
  readonly updatePollSeconds: number;
  /** MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL, seconds; 0 disables periodic pushes. */
  readonly inventorySeconds: number;
  /** MENDER_RETRY_ERROR_BACKOFF, seconds. */
  readonly retryBackoffSeconds: number;
  /** MENDER_RETRY_ERROR_MAX_BACKOFF, seconds. */
  readonly retryMaxBackoffSeconds: number;
  /** The tier the device sends when it authenticates (the hosted limiter reads it). */
  readonly tier: DeviceTier;
}

export const PRESET_NAMES = [
  'demo',
  'micro',
  'standard',
  'guidance-2025',
  'custom',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset extends IntervalSettings {
  readonly label: string;
  readonly source: string;
}

export const PRESETS: Readonly<Record<Exclude<PresetName, 'custom'>, Preset>> = {
  demo: {
    label: 'Demo build (30 s / 60 s)',
    updatePollSeconds: 30,
    inventorySeconds: 60,
    retryBackoffSeconds: 5,
    retryMaxBackoffSeconds: 15,
    tier: 'micro',
    source: 'mender-mcu-integration prj.conf (the reference app built for demos)',
  },
  micro: {
    label: 'Micro tier default (7 d / 7 d)',
    updatePollSeconds: 604_800,
    inventorySeconds: 604_800,
    retryBackoffSeconds: 60,
    retryMaxBackoffSeconds: 540,
    tier: 'micro',
    source:
      'mender-mcu Kconfig *_INTERVAL_DEFAULT for MENDER_DEVICE_TIER_MICRO (since 2026-01)',
  },
  standard: {
    label: 'Standard tier (30 min / 8 h)',
    updatePollSeconds: 1_800,
    inventorySeconds: 28_800,
    retryBackoffSeconds: 60,
    retryMaxBackoffSeconds: 540,
    tier: 'standard',
    source: 'mender-mcu Kconfig *_INTERVAL_DEFAULT for MENDER_DEVICE_TIER_STANDARD',
  },
  'guidance-2025': {
    label: '2025 guidance (1 d / 14 d)',
    updatePollSeconds: 86_400,
    inventorySeconds: 1_209_600,
    retryBackoffSeconds: 60,
    retryMaxBackoffSeconds: 540,
    tier: 'micro',
    source: 'mender-mcu defaults from April 2025 to January 2026 (commit 0bb113a)',
  },
};

/** The Kconfig form options a fleet group gets for these settings. */
/** The Kconfig option each lab interval setting becomes. */
export const SETTING_SYMBOLS = {
  updatePollSeconds: 'MENDER_CLIENT_UPDATE_POLL_INTERVAL',
  inventorySeconds: 'MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL',
  retryBackoffSeconds: 'MENDER_RETRY_ERROR_BACKOFF',
  retryMaxBackoffSeconds: 'MENDER_RETRY_ERROR_MAX_BACKOFF',
} as const;

export function kconfigOptions(
  settings: IntervalSettings,
): Record<string, number | boolean> {
  return {
    [settings.tier === 'standard'
      ? 'MENDER_DEVICE_TIER_STANDARD'
      : 'MENDER_DEVICE_TIER_MICRO']: true,
    [SETTING_SYMBOLS.updatePollSeconds]: settings.updatePollSeconds,
    [SETTING_SYMBOLS.inventorySeconds]: settings.inventorySeconds,
    [SETTING_SYMBOLS.retryBackoffSeconds]: settings.retryBackoffSeconds,
    [SETTING_SYMBOLS.retryMaxBackoffSeconds]: settings.retryMaxBackoffSeconds,
  };
}
