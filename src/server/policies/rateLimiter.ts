import { ApiError } from '../http/errors.ts';
import type { LimitedRoute, RateLimitPolicy } from './policies.ts';

/** Seconds between update checks and inventory reports per device tier. */
const TIER_INTERVAL_SECONDS: Readonly<
  Record<string, Readonly<Record<LimitedRoute, number | undefined>>>
> = {
  micro: { next: 604_800, inventory: 604_800, status: undefined, log: undefined },
  standard: { next: 1_800, inventory: 28_800, status: undefined, log: undefined },
};

/** The tier hosted Mender assumes when a device sends none. */
const DEFAULT_TIER = 'standard';

/**
 * Counters per device (fixed window) or per device and route (tier rule), as plain JSON so they travel with the
 * state: `[windowIndex, count]` for a fixed window, `[tokens, atMs]` for a
 * token bucket.
 */
export type LimiterCounters = Record<string, [number, number]>;

/**
 * Applies the rate-limit policy to one authenticated device request, in
 * virtual time. Throws the limiter's 429 (`{"error":"too many requests"}`,
 * `Retry-After` in whole seconds rounded up, as deviceauth writes it).
 */
export function enforceRateLimit(
  policy: RateLimitPolicy | null,
  counters: LimiterCounters,
  deviceId: string,
  tier: string | undefined,
  route: LimitedRoute,
  nowMs: number,
): void {
  if (policy === null || policy.exemptDeviceIds.includes(deviceId)) return;
  // deviceauth's default group is keyed by the device id alone, so every
  // counted route draws on one quota; the tier rule has an interval per route.
  const waitMs =
    policy.kind === 'fixed-window'
      ? fixedWindowWait(policy.routes.includes(route), policy, counters, deviceId, nowMs)
      : tierBucketWait(policy, counters, `${deviceId} ${route}`, tier, route, nowMs);
  if (waitMs <= 0) return;
  throw new ApiError(429, 'too many requests', [
    ['Retry-After', String(Math.ceil(waitMs / 1000))],
  ]);
}

function fixedWindowWait(
  counted: boolean,
  policy: { readonly quota: number; readonly windowSeconds: number },
  counters: LimiterCounters,
  key: string,
  nowMs: number,
): number {
  if (!counted) return 0;
  const windowMs = policy.windowSeconds * 1000;
  const windowIndex = Math.floor(nowMs / windowMs);
  const entry = counters[key];
  const count = entry !== undefined && entry[0] === windowIndex ? entry[1] + 1 : 1;
  counters[key] = [windowIndex, count];
  return count > policy.quota ? (windowIndex + 1) * windowMs - nowMs : 0;
}

function tierBucketWait(
  policy: { readonly quota: number; readonly burst: number },
  counters: LimiterCounters,
  key: string,
  tier: string | undefined,
  route: LimitedRoute,
  nowMs: number,
): number {
  // An unknown tier (`constructor` included) counts as the default one.
  const known = tier !== undefined && Object.hasOwn(TIER_INTERVAL_SECONDS, tier);
  const intervals = TIER_INTERVAL_SECONDS[known ? tier : DEFAULT_TIER];
  const intervalSeconds = intervals?.[route];
  if (intervalSeconds === undefined) return 0;
  const refillMs = (intervalSeconds * 1000) / policy.quota;
  const entry = counters[key];
  const tokens =
    entry === undefined
      ? policy.burst
      : Math.min(policy.burst, entry[0] + (nowMs - entry[1]) / refillMs);
  if (tokens >= 1) {
    counters[key] = [tokens - 1, nowMs];
    return 0;
  }
  counters[key] = [tokens, nowMs];
  return (1 - tokens) * refillMs;
}
