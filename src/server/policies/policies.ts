import { badRequest } from '../http/errors.ts';

/**
 * The switches a trainer turns on: a rate limiter and injected faults. Both
 * are part of the serialisable state.
 */

/** Which device routes the limiter counts, by route group. */
export type LimitedRoute = 'next' | 'inventory' | 'status' | 'log';

/**
 * The open-source deviceauth limiter (off by default there, needs Redis):
 * a quota per fixed window, counted per device over all the routes it
 * counts (the default group's key is the device id), answered with 429 and
 * `Retry-After` up to the window's end.
 */
export interface FixedWindowLimit {
  readonly kind: 'fixed-window';
  /** Requests allowed per window. @default 30 (deviceauth's example group) */
  readonly quota: number;
  /** @default 60 */
  readonly windowSeconds: number;
  /** Routes counted. @default all device routes behind the token check */
  readonly routes: readonly LimitedRoute[];
  /** Test devices that are never limited (hosted allows up to 10). */
  readonly exemptDeviceIds: readonly string[];
}

/**
 * Hosted Mender's fair-use rule: update checks and inventory reports no
 * faster than the device tier's default interval (micro: 7 days for both;
 * standard: 30 min checks, 8 h inventory). Modelled as a token bucket per
 * device and route refilled `quota` times per tier interval, holding at most
 * `burst` requests. The hosted figures are not published: both defaults are
 * assumptions.
 */
export interface TierIntervalLimit {
  readonly kind: 'tier-interval';
  /** Requests per tier interval. @default 1 (assumption) */
  readonly quota: number;
  /** Requests a device may make back to back. @default 3 (assumption) */
  readonly burst: number;
  readonly exemptDeviceIds: readonly string[];
}

export type RateLimitPolicy = FixedWindowLimit | TierIntervalLimit;

/** A span of virtual time in which the server does not answer devices. */
export interface OutageWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /**
   * `unavailable`: the gateway answers 503. `unreachable`: no HTTP answer at
   * all (the transport reports a connection failure).
   */
  readonly kind: 'unavailable' | 'unreachable';
}

/** Faults on the device-facing side; the management API stays usable. */
export interface FaultPolicy {
  /** Virtual latency the transport adds to every device exchange. */
  readonly addedLatencyMs: number;
  /** Share of device requests (0..1) answered with `errorStatus`. */
  readonly errorRate: number;
  /** @default 503 */
  readonly errorStatus: number;
  readonly outages: readonly OutageWindow[];
  /** Every auth request gets 401, as if no device were admitted. */
  readonly refuseAllAuth: boolean;
}

export interface ServerPolicies {
  rateLimit: RateLimitPolicy | null;
  faults: FaultPolicy;
  /** Accepting beyond this many devices answers 422; 0 means no limit. */
  maxDevices: number;
}

export const MAX_EXEMPT_TEST_DEVICES = 10;

/**
 * Refuses (400) a rate limit the limiter could only answer with nonsense,
 * such as `Retry-After: NaN` for a zero-length window, and more exempt test
 * devices than hosted Mender allows.
 */
export function checkRateLimitPolicy(policy: RateLimitPolicy): void {
  const problems: string[] = [];
  if (policy.kind === 'fixed-window') {
    if (!Number.isInteger(policy.quota) || policy.quota < 0) {
      problems.push(
        `quota must be a whole number of requests, 0 or more, got ${policy.quota}`,
      );
    }
    if (!Number.isFinite(policy.windowSeconds) || policy.windowSeconds <= 0) {
      problems.push(`windowSeconds must be more than 0, got ${policy.windowSeconds}`);
    }
  } else {
    if (!Number.isFinite(policy.quota) || policy.quota <= 0) {
      problems.push(
        `quota must be more than 0 requests per interval, got ${policy.quota}`,
      );
    }
    if (!Number.isFinite(policy.burst) || policy.burst < 1) {
      problems.push(`burst must be at least 1 request, got ${policy.burst}`);
    }
  }
  if (policy.exemptDeviceIds.length > MAX_EXEMPT_TEST_DEVICES) {
    problems.push(
      `at most ${MAX_EXEMPT_TEST_DEVICES} test devices may be exempt from rate limits, got ${policy.exemptDeviceIds.length}`,
    );
  }
  if (problems.length > 0) throw badRequest(`rate limit: ${problems.join('; ')}`);
}

/** Refuses (400) fault settings outside their range, NaN included. */
export function checkFaultPolicy(faults: Partial<FaultPolicy>): void {
  const { errorRate, errorStatus, addedLatencyMs, outages } = faults;
  if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) {
    throw badRequest(`errorRate must be between 0 and 1, got ${errorRate}`);
  }
  if (
    errorStatus !== undefined &&
    !(Number.isInteger(errorStatus) && errorStatus >= 500 && errorStatus <= 599)
  ) {
    throw badRequest(`errorStatus must be a 5xx status, got ${errorStatus}`);
  }
  if (
    addedLatencyMs !== undefined &&
    !(addedLatencyMs >= 0 && addedLatencyMs < Infinity)
  ) {
    throw badRequest(
      `addedLatencyMs must be 0 or more milliseconds, got ${addedLatencyMs}`,
    );
  }
  for (const outage of outages ?? []) {
    if (!(outage.fromMs <= outage.toMs)) {
      throw badRequest(
        `an outage must end after it starts, got ${outage.fromMs} to ${outage.toMs} ms`,
      );
    }
  }
}

export const NO_FAULTS: FaultPolicy = {
  addedLatencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  outages: [],
  refuseAllAuth: false,
};

export const DEFAULT_POLICIES: ServerPolicies = {
  rateLimit: null,
  faults: NO_FAULTS,
  maxDevices: 0,
};

/** The open-source limiter with deviceauth's example figures. */
export function fixedWindowLimit(
  overrides: Partial<FixedWindowLimit> = {},
): FixedWindowLimit {
  return {
    kind: 'fixed-window',
    quota: 30,
    windowSeconds: 60,
    routes: ['next', 'inventory', 'status', 'log'],
    exemptDeviceIds: [],
    ...overrides,
  };
}

/** The hosted fair-use limiter with the assumed quota and burst. */
export function tierIntervalLimit(
  overrides: Partial<TierIntervalLimit> = {},
): TierIntervalLimit {
  return { kind: 'tier-interval', quota: 1, burst: 3, exemptDeviceIds: [], ...overrides };
}
