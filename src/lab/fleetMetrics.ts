import { fromUtf8, type HttpExchangeRecord, type TraceRecord } from '../sim/index.ts';
import {
  ENDPOINTS,
  endpointOf,
  requestWireBytes,
  responseWireBytes,
  type Endpoint,
} from './wire.ts';

/** Time-series buckets kept per fleet, whatever the run's length. */
const MAX_BUCKETS = 600;
const BUCKET_CHOICES_SECONDS = [
  1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
/** Exchanges never take longer than the client's 60 s timeout plus transport retries. */
const PEAK_WINDOW_SLACK_MS = 120_000;

export function bucketSecondsFor(durationSeconds: number): number {
  return (
    BUCKET_CHOICES_SECONDS.find((choice) => durationSeconds / choice <= MAX_BUCKETS) ??
    Math.ceil(durationSeconds / MAX_BUCKETS)
  );
}

export interface EndpointTotals {
  requests: number;
  requestBytes: number;
  responseBytes: number;
  /** Exchanges that got no HTTP answer (outage, lost request). */
  failures: number;
}

export interface FleetMetricsOptions {
  readonly deviceIds: readonly string[];
  readonly testDeviceIds: readonly string[];
  readonly durationSeconds: number;
  readonly deploymentAtMs?: number;
  readonly outageEndsAtMs?: number;
}

/** Everything measured, as plain numbers (the report and the UI read this). */
export interface FleetMeasurements {
  readonly devices: number;
  readonly testDevices: number;
  readonly virtualMs: number;
  readonly endpoints: Record<Endpoint, EndpointTotals>;
  readonly byStatus: Record<string, number>;
  readonly bucketSeconds: number;
  readonly requestSeries: number[];
  readonly http429Series: number[];
  readonly peakRequestsInOneSecond: number;
  /** Per device, in device order. */
  readonly requestsPerDevice: number[];
  readonly radioOnMsPerDevice: number[];
  readonly http429PerDevice: number[];
  /** Milliseconds after the deployment's creation; null while not reached. */
  readonly pickupMs: (number | null)[];
  readonly successMs: (number | null)[];
  readonly failureMs: (number | null)[];
  /** Milliseconds after the outage's end until a device's first answered request. */
  readonly returnMs: (number | null)[];
}

function emptyTotals(): Record<Endpoint, EndpointTotals> {
  return Object.fromEntries(
    ENDPOINTS.map((endpoint) => [
      endpoint,
      { requests: 0, requestBytes: 0, responseBytes: 0, failures: 0 },
    ]),
  ) as Record<Endpoint, EndpointTotals>;
}

function filled(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

function nullable(values: Float64Array): (number | null)[] {
  return Array.from(values, (value) => (Number.isNaN(value) ? null : value));
}

/**
 * Aggregates one fleet's traffic as the trace records it: fixed-size
 * counters per endpoint, per device and per time bucket, so memory stays
 * bounded however long the run (nothing keeps the records themselves).
 */
export class FleetMetrics {
  private readonly deviceIndex = new Map<string, number>();
  private readonly endpoints = emptyTotals();
  private readonly byStatus = new Map<number, number>();
  readonly bucketSeconds: number;
  private readonly requestSeries: Uint32Array;
  private readonly http429Series: Uint32Array;
  private readonly requests: Float64Array;
  private readonly radioOnMs: Float64Array;
  private readonly http429: Float64Array;
  private readonly pickupMs: Float64Array;
  private readonly successMs: Float64Array;
  private readonly failureMs: Float64Array;
  private readonly returnMs: Float64Array;
  private readonly perSecond = new Map<number, number>();
  private peakPerSecond = 0;
  private latestMs = 0;

  constructor(private readonly options: FleetMetricsOptions) {
    options.deviceIds.forEach((id, index) => this.deviceIndex.set(id, index));
    const devices = options.deviceIds.length;
    this.bucketSeconds = bucketSecondsFor(options.durationSeconds);
    const buckets = Math.ceil(options.durationSeconds / this.bucketSeconds);
    this.requestSeries = new Uint32Array(buckets);
    this.http429Series = new Uint32Array(buckets);
    this.requests = new Float64Array(devices);
    this.radioOnMs = new Float64Array(devices);
    this.http429 = new Float64Array(devices);
    this.pickupMs = filled(devices);
    this.successMs = filled(devices);
    this.failureMs = filled(devices);
    this.returnMs = filled(devices);
  }

  /** Takes one trace record; pass it to `Trace.subscribe`. */
  readonly observe = (record: TraceRecord): void => {
    if (record.kind !== 'http') return;
    const device = this.deviceIndex.get(record.subject);
    if (device === undefined) return;
    this.count(record, device);
  };

  private count(record: HttpExchangeRecord, device: number): void {
    const endpoint = endpointOf(record.request.url);
    const totals = this.endpoints[endpoint];
    const response = record.response;
    totals.requests++;
    totals.requestBytes += requestWireBytes(record.request);
    if (response === undefined) totals.failures++;
    else {
      totals.responseBytes += responseWireBytes(response);
      this.byStatus.set(response.status, (this.byStatus.get(response.status) ?? 0) + 1);
    }

    this.requests[device]!++;
    this.radioOnMs[device]! += record.time - record.sentAt;
    const bucket = Math.floor(record.sentAt / 1000 / this.bucketSeconds);
    if (bucket < this.requestSeries.length) this.requestSeries[bucket]!++;
    this.countPerSecond(record.sentAt);
    this.latestMs = Math.max(this.latestMs, record.time);

    const status = response?.status;
    if (status === 429) {
      this.http429[device]!++;
      if (bucket < this.http429Series.length) this.http429Series[bucket]!++;
    }
    const outageEnd = this.options.outageEndsAtMs;
    if (
      outageEnd !== undefined &&
      status !== undefined &&
      status < 500 &&
      record.sentAt >= outageEnd &&
      Number.isNaN(this.returnMs[device]!)
    ) {
      this.returnMs[device] = record.sentAt - outageEnd;
    }
    if (endpoint === 'status') this.deploymentProgress(record, device);
  }

  /** Pickup is the device's first status report; success and failure its last. */
  private deploymentProgress(record: HttpExchangeRecord, device: number): void {
    const createdAt = this.options.deploymentAtMs;
    if (createdAt === undefined || record.sentAt < createdAt) return;
    const since = record.sentAt - createdAt;
    if (Number.isNaN(this.pickupMs[device]!)) this.pickupMs[device] = since;
    let reported: unknown;
    try {
      reported = (JSON.parse(fromUtf8(record.request.body)) as { status?: unknown })
        .status;
    } catch {
      return;
    }
    if (reported === 'success' && Number.isNaN(this.successMs[device]!)) {
      this.successMs[device] = since;
    } else if (reported === 'failure' && Number.isNaN(this.failureMs[device]!)) {
      this.failureMs[device] = since;
    }
  }

  /** The busiest second so far, keeping only the seconds still open. */
  private countPerSecond(sentAtMs: number): void {
    const second = Math.floor(sentAtMs / 1000);
    const count = (this.perSecond.get(second) ?? 0) + 1;
    this.perSecond.set(second, count);
    if (count > this.peakPerSecond) this.peakPerSecond = count;
    if (this.perSecond.size > 512) {
      const closed = Math.floor((sentAtMs - PEAK_WINDOW_SLACK_MS) / 1000);
      for (const key of this.perSecond.keys())
        if (key < closed) this.perSecond.delete(key);
    }
  }

  /** What has been measured so far (the run may go on afterwards). */
  measurements(virtualMs: number): FleetMeasurements {
    const endpoints = Object.fromEntries(
      ENDPOINTS.map((endpoint) => [endpoint, { ...this.endpoints[endpoint] }]),
    ) as Record<Endpoint, EndpointTotals>;
    const bucketsRun = Math.min(
      this.requestSeries.length,
      Math.ceil(virtualMs / 1000 / this.bucketSeconds),
    );
    return {
      devices: this.options.deviceIds.length,
      testDevices: this.options.testDeviceIds.length,
      virtualMs,
      endpoints,
      byStatus: Object.fromEntries(
        [...this.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n]),
      ),
      bucketSeconds: this.bucketSeconds,
      requestSeries: Array.from(this.requestSeries.subarray(0, bucketsRun)),
      http429Series: Array.from(this.http429Series.subarray(0, bucketsRun)),
      peakRequestsInOneSecond: this.peakPerSecond,
      requestsPerDevice: Array.from(this.requests),
      radioOnMsPerDevice: Array.from(this.radioOnMs),
      http429PerDevice: Array.from(this.http429),
      pickupMs: nullable(this.pickupMs),
      successMs: nullable(this.successMs),
      failureMs: nullable(this.failureMs),
      returnMs: nullable(this.returnMs),
    };
  }
}
