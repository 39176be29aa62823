import { DEVICE_TOKEN_LIFETIME_MS } from '../server/profile.ts';
import type { LabAssumptions } from './assumptions.ts';
import type { IntervalSettings } from './presets.ts';

/**
 * The reference's back-of-envelope (polling-and-limits.md C4–C7), shown
 * beside the measured values. Nothing measured is computed from these.
 */

const DAY_SECONDS = 86_400;
/** Reference C5: the HTTP part of a steady-state request is about 1–1.5 KB. */
export const MODEL_HTTP_BYTES_PER_REQUEST = 1_250;
/** The open-source device token lifetime, 7 d (C2, C4: one auth a week). */
export const JWT_LIFETIME_SECONDS = DEVICE_TOKEN_LIFETIME_MS / 1000;

export interface ModelFigures {
  /** R = 86400/T_update + 86400/T_inventory + 86400/T_jwt (C4). */
  readonly requestsPerDevicePerDay: {
    readonly next: number;
    readonly inventory: number;
    readonly auth: number;
    readonly total: number;
  };
  /** λ = N·R/86400 (C7). */
  readonly averageRequestsPerSecond: number;
  /**
   * R × (TLS handshake + HTTP) (C5): with the default handshake, the 5 KB
   * per request C5's table uses.
   */
  readonly bytesPerDevicePerDay: number;
  /** Uniform poll phase: percentile p is reached at p·T (C6). */
  readonly pickupSeconds: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
  };
  /**
   * Devices that met the outage retry within the backoff cap (C7, §5.8),
   * even when that is longer than their poll interval; when the outage is
   * shorter than the interval, the others come back at their next poll.
   */
  readonly outageReturnWithinSeconds: number;
  /** Their retries arrive at about 2N/cap requests per second (C7). */
  readonly outageRecoveryRequestsPerSecond: number;
  /** Capacity over sleep power plus R × (energy per request + setup radio time). */
  readonly batteryLifeDays: number;
}

export function modelFigures(
  settings: IntervalSettings,
  devices: number,
  assumptions: LabAssumptions,
  outageSeconds = 0,
): ModelFigures {
  const next = DAY_SECONDS / settings.updatePollSeconds;
  const inventory =
    settings.inventorySeconds > 0 ? DAY_SECONDS / settings.inventorySeconds : 0;
  const auth = DAY_SECONDS / JWT_LIFETIME_SECONDS;
  const total = next + inventory + auth;
  const T = settings.updatePollSeconds;
  const cap = settings.retryMaxBackoffSeconds;
  return {
    requestsPerDevicePerDay: { next, inventory, auth, total },
    averageRequestsPerSecond: (devices * total) / DAY_SECONDS,
    bytesPerDevicePerDay:
      total * (assumptions.tlsHandshakeBytes + MODEL_HTTP_BYTES_PER_REQUEST),
    pickupSeconds: { p50: 0.5 * T, p90: 0.9 * T, p99: 0.99 * T },
    outageReturnWithinSeconds: outageSeconds >= T ? cap : Math.max(cap, T),
    outageRecoveryRequestsPerSecond: (2 * devices) / cap,
    batteryLifeDays: batteryLifeDays(
      assumptions,
      (joulesPerRequest) => total * joulesPerRequest,
    ),
  };
}

/** Joules a request costs under the assumptions, given its radio-on seconds. */
export function requestJoules(
  assumptions: LabAssumptions,
  radioOnSeconds: number,
): number {
  return (
    assumptions.energyPerRequestMilliJoules / 1000 +
    (assumptions.radioOnMilliWatts / 1000) *
      (assumptions.connectionSetupRadioSeconds + radioOnSeconds)
  );
}

/**
 * Days a battery lasts: capacity over sleep power plus the energy a day's
 * requests cost. `dailyRequestJoules` is given the joules of one request
 * with no measured radio time and returns the day's total. The reference
 * has no energy model: every input is an assumption (assumptions.ts),
 * shown as such in the product.
 */
export function batteryLifeDays(
  assumptions: LabAssumptions,
  dailyRequestJoules: (joulesPerBareRequest: number) => number,
): number {
  const capacityJoules =
    (assumptions.batteryMilliAmpHours / 1000) * 3600 * assumptions.supplyVolts;
  const sleepJoulesPerDay =
    (assumptions.sleepMicroAmps / 1e6) * assumptions.supplyVolts * DAY_SECONDS;
  const perDay = sleepJoulesPerDay + dailyRequestJoules(requestJoules(assumptions, 0));
  return capacityJoules / perDay;
}
