import type { LabAssumptions } from './assumptions.ts';
import type { FleetMeasurements } from './fleetMetrics.ts';
import type { IntervalSettings, PresetName } from './presets.ts';
import { batteryLifeDays, modelFigures, type ModelFigures } from './model.ts';
import { cdf, spread, type CdfPoint, type Spread } from './statistics.ts';
import { ENDPOINTS, type Endpoint } from './wire.ts';

export const LAB_REPORT_FORMAT = 'mcu-fleet-simulator/lab-report';
const DAY_MS = 86_400_000;

export interface TimeToSpread extends Spread {
  /** Seconds. */
  readonly cdf: CdfPoint[];
}

/** One fleet's measured figures beside the reference's model. */
export interface FleetReport {
  readonly name: string;
  readonly preset: PresetName;
  readonly settings: IntervalSettings;
  readonly bootWindowSeconds: number;
  readonly devices: number;
  readonly traceHash: string;
  readonly measured: {
    readonly requestsPerDevicePerDay: Record<Endpoint | 'total', number>;
    readonly responsesByStatus: Record<string, number>;
    readonly transportFailures: number;
    readonly averageRequestsPerSecond: number;
    readonly peakRequestsInOneSecond: number;
    readonly bytesPerDevicePerDay: {
      readonly http: number;
      readonly tls: number;
      readonly total: number;
    };
    readonly radioOnSecondsPerDevicePerDay: number;
    /** Median and shortest over the fleet's devices. */
    readonly batteryLifeDays: { readonly median: number; readonly shortest: number };
    readonly rateLimit: {
      readonly http429: number;
      readonly limitedDevicesWith429: number;
      readonly testDevices: number;
      readonly testDevicesWith429: number;
    };
    readonly deployment?: {
      readonly pickedUp: number;
      readonly succeeded: number;
      readonly failed: number;
      readonly pickupSeconds: TimeToSpread;
      readonly successSeconds: TimeToSpread;
    };
    readonly outage?: {
      readonly returned: number;
      readonly returnSeconds: Spread;
    };
  };
  readonly model: ModelFigures;
  readonly series: {
    readonly bucketSeconds: number;
    /** Requests sent in each bucket, per second. */
    readonly requestsPerSecond: number[];
    readonly http429: number[];
  };
}

export interface LabReport {
  readonly format: typeof LAB_REPORT_FORMAT;
  readonly lab: string;
  readonly seed: number;
  readonly durationSeconds: number;
  readonly virtualSeconds: number;
  readonly devicesPerFleet: number;
  readonly assumptions: LabAssumptions;
  readonly fleets: FleetReport[];
}

export interface FleetDescription {
  readonly name: string;
  readonly preset: PresetName;
  readonly settings: IntervalSettings;
  readonly bootWindowSeconds: number;
  readonly traceHash: string;
  readonly hasDeployment: boolean;
  readonly hasOutage: boolean;
  readonly outageSeconds: number;
}

function sortedSeconds(values: readonly (number | null)[]): number[] {
  return values
    .filter((value): value is number => value !== null)
    .map((ms) => ms / 1000)
    .sort((a, b) => a - b);
}

function timeTo(values: readonly (number | null)[], population: number): TimeToSpread {
  const sorted = sortedSeconds(values);
  return { ...spread(sorted), cdf: cdf(sorted, population) };
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The fleet's report from its measurements. Assumptions apply here, not
 * while measuring, so changing one recomputes bytes and battery life
 * without running the simulation again.
 */
export function fleetReport(
  fleet: FleetDescription,
  measured: FleetMeasurements,
  assumptions: LabAssumptions,
): FleetReport {
  const days = measured.virtualMs / DAY_MS;
  const perDevicePerDay = (count: number) =>
    measured.devices === 0 || days === 0 ? 0 : count / measured.devices / days;
  const requestsPerDevicePerDay = { total: 0 } as Record<Endpoint | 'total', number>;
  let requests = 0;
  let httpBytes = 0;
  let transportFailures = 0;
  for (const endpoint of ENDPOINTS) {
    const totals = measured.endpoints[endpoint];
    requestsPerDevicePerDay[endpoint] = perDevicePerDay(totals.requests);
    requests += totals.requests;
    httpBytes += totals.requestBytes + totals.responseBytes;
    transportFailures += totals.failures;
  }
  requestsPerDevicePerDay.total = perDevicePerDay(requests);
  // Every request opens a new TLS 1.2 connection with a full handshake (C3, C5).
  const tlsBytes = requests * assumptions.tlsHandshakeBytes;

  const radioWatts = assumptions.radioOnMilliWatts / 1000;
  const lifetimes = measured.requestsPerDevice
    .map((count, device) =>
      batteryLifeDays(
        assumptions,
        (bareJoules) =>
          (count * bareJoules +
            radioWatts * (measured.radioOnMsPerDevice[device]! / 1000)) /
          days,
      ),
    )
    .sort((a, b) => a - b);

  const testDevices = measured.testDevices;
  const with429 = (from: number, to: number) =>
    measured.http429PerDevice.slice(from, to).filter((count) => count > 0).length;
  const secondsPerBucket = measured.bucketSeconds;

  return {
    name: fleet.name,
    preset: fleet.preset,
    settings: fleet.settings,
    bootWindowSeconds: fleet.bootWindowSeconds,
    devices: measured.devices,
    traceHash: fleet.traceHash,
    measured: {
      requestsPerDevicePerDay,
      responsesByStatus: measured.byStatus,
      transportFailures,
      averageRequestsPerSecond:
        measured.virtualMs === 0 ? 0 : requests / (measured.virtualMs / 1000),
      peakRequestsInOneSecond: measured.peakRequestsInOneSecond,
      bytesPerDevicePerDay: {
        http: perDevicePerDay(httpBytes),
        tls: perDevicePerDay(tlsBytes),
        total: perDevicePerDay(httpBytes + tlsBytes),
      },
      radioOnSecondsPerDevicePerDay: perDevicePerDay(
        measured.radioOnMsPerDevice.reduce((sum, ms) => sum + ms, 0) / 1000,
      ),
      batteryLifeDays: {
        median: median(lifetimes),
        shortest: lifetimes[0] ?? Number.NaN,
      },
      rateLimit: {
        http429: measured.http429PerDevice.reduce((sum, count) => sum + count, 0),
        limitedDevicesWith429: with429(testDevices, measured.devices),
        testDevices,
        testDevicesWith429: with429(0, testDevices),
      },
      ...(fleet.hasDeployment
        ? {
            deployment: {
              pickedUp: measured.pickupMs.filter((ms) => ms !== null).length,
              succeeded: measured.successMs.filter((ms) => ms !== null).length,
              failed: measured.failureMs.filter((ms) => ms !== null).length,
              pickupSeconds: timeTo(measured.pickupMs, measured.devices),
              successSeconds: timeTo(measured.successMs, measured.devices),
            },
          }
        : {}),
      ...(fleet.hasOutage
        ? {
            outage: {
              returned: measured.returnMs.filter((ms) => ms !== null).length,
              returnSeconds: spread(sortedSeconds(measured.returnMs)),
            },
          }
        : {}),
    },
    model: modelFigures(
      fleet.settings,
      measured.devices,
      assumptions,
      fleet.outageSeconds,
    ),
    series: {
      bucketSeconds: secondsPerBucket,
      requestsPerSecond: measured.requestSeries.map((count) => count / secondsPerBucket),
      http429: measured.http429Series,
    },
  };
}
