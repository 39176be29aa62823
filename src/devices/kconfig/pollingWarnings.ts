import { kconfigOption } from './catalog/index.ts';
import type { ClientSettings } from './clientSettings.ts';
import type { DeviceTier } from './types.ts';
import type { KconfigWarning } from './warnings.ts';

/** The intervals a tier gets when nothing overrides them, in seconds. */
export interface TierIntervals {
  readonly updatePollSeconds: number;
  readonly inventorySeconds: number;
}

const TIER_MEMBER: Record<DeviceTier, string> = {
  micro: 'MENDER_DEVICE_TIER_MICRO',
  standard: 'MENDER_DEVICE_TIER_STANDARD',
};

function tierDefault(symbol: string, tier: DeviceTier): number {
  const entry = kconfigOption(symbol)?.defaults.find(
    (candidate) => candidate.if === TIER_MEMBER[tier],
  );
  if (typeof entry?.value !== 'number') {
    throw new Error(`The option catalog lost the ${tier} default of ${symbol}.`);
  }
  return entry.value;
}

/**
 * The tier defaults, read from the option catalog (and so from the real
 * Kconfig): 7 days for both on micro; 30 minutes and 8 hours on standard.
 */
export function tierDefaultIntervals(tier: DeviceTier): TierIntervals {
  return {
    updatePollSeconds: tierDefault('MENDER_CLIENT_UPDATE_POLL_INTERVAL_DEFAULT', tier),
    inventorySeconds: tierDefault(
      'MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL_DEFAULT',
      tier,
    ),
  };
}

/** Seconds as people say them: `30 s`, `30 min`, `8 h`, `7 d`. */
export function formatInterval(seconds: number): string {
  if (seconds >= 86400 && seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function fairUseNote(hosted: boolean): string {
  return hosted
    ? 'Hosted Mender counts faster requests as excessive use and may throttle them ' +
        'with HTTP 429, except on the few test devices a tenant may mark.'
    : 'Hosted Mender would throttle this; an own server only does if its rate ' +
        'limiter is turned on.';
}

/** The settings the fair-use check reads. */
export type PollingInputs = Pick<
  ClientSettings,
  'tier' | 'updatePollIntervalSeconds' | 'inventory' | 'hostedRegion'
>;

/**
 * Flags intervals shorter than the tier defaults, which hosted Mender's
 * fair-use policy treats as excessive, and an inventory interval of 0,
 * which the real scheduler does not survive.
 */
export function pollingWarnings(settings: PollingInputs): KconfigWarning[] {
  const defaults = tierDefaultIntervals(settings.tier);
  const hosted = settings.hostedRegion !== null;
  const warnings: KconfigWarning[] = [];

  const poll = settings.updatePollIntervalSeconds;
  if (poll < defaults.updatePollSeconds) {
    warnings.push({
      code: 'POLL_BELOW_TIER_DEFAULT',
      symbol: 'MENDER_CLIENT_UPDATE_POLL_INTERVAL',
      message:
        `Deployment checks every ${formatInterval(poll)} are more frequent than the ` +
        `${settings.tier} tier default of ${formatInterval(defaults.updatePollSeconds)}. ` +
        fairUseNote(hosted),
    });
  }

  const inventory = settings.inventory?.intervalSeconds;
  if (inventory === 0) {
    warnings.push({
      code: 'INVENTORY_INTERVAL_ZERO',
      symbol: 'MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL',
      message:
        'An inventory interval of 0 is documented as "no periodic inventory", but the ' +
        "real client passes 0 to Zephyr's scheduler, which asserts on a zero period. " +
        'Use a period, or disable inventory with CONFIG_MENDER_CLIENT_INVENTORY_DISABLE=y.',
    });
  } else if (inventory !== undefined && inventory < defaults.inventorySeconds) {
    warnings.push({
      code: 'INVENTORY_BELOW_TIER_DEFAULT',
      symbol: 'MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL',
      message:
        `Inventory pushes every ${formatInterval(inventory)} are more frequent than the ` +
        `${settings.tier} tier default of ${formatInterval(defaults.inventorySeconds)}. ` +
        fairUseNote(hosted),
    });
  }
  return warnings;
}
