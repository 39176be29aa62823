import type {
  ExchangeOutcome,
  HttpRequest,
  SimulationKernel,
  Transport,
} from '../sim/index.ts';

/** The device's link as a user or scenario sets it. */
export interface NetworkConditions {
  /** Link up (Wi-Fi associated, DHCP done). */
  readonly up: boolean;
  /** Round-trip time of one request, in ms. */
  readonly latencyMs: number;
  /** Probability that a request is lost and times out, 0..1. */
  readonly lossRate: number;
  /** Download bandwidth in bytes per second. */
  readonly bandwidthBytesPerSecond: number;
  /** CA certificate for the API host installed (primary tag). */
  readonly apiCaInstalled: boolean;
  /** CA certificate for the artifact host installed (secondary tag). */
  readonly artifactCaInstalled: boolean;
}

export const DEFAULT_NETWORK: NetworkConditions = {
  up: true,
  latencyMs: 50,
  lossRate: 0,
  bandwidthBytesPerSecond: 250_000,
  apiCaInstalled: true,
  artifactCaInstalled: true,
};

/** How long a refused or unreachable connection takes to fail, in ms. */
const CONNECT_FAILURE_MS = 10;

/**
 * One device's network: decides from the conditions whether a request
 * reaches the transport, or fails below HTTP (link down, lost and timed
 * out, TLS refused for want of a CA certificate). Local failures are
 * recorded in the trace like transport ones.
 */
export class DeviceNetwork {
  conditions: NetworkConditions;
  private readonly apiPrefix: string;

  constructor(
    private readonly kernel: SimulationKernel,
    private readonly transport: Transport,
    private readonly subject: string,
    apiHost: string,
    private readonly requestTimeoutMs: number,
    private readonly random: { next(): number },
    conditions: NetworkConditions = DEFAULT_NETWORK,
  ) {
    this.conditions = conditions;
    this.apiPrefix = `${new URL(apiHost).origin}/`;
  }

  /** Sends `request`; the returned function makes a late outcome be ignored. */
  send(request: HttpRequest, onOutcome: (outcome: ExchangeOutcome) => void): () => void {
    const delivery = new CancellableDelivery(onOutcome);
    const failure = this.localFailure(request);
    if (failure === undefined) {
      this.transport.send(
        request,
        { subject: this.subject, latencyMs: this.conditions.latencyMs },
        (outcome) => delivery.deliver(outcome),
      );
    } else {
      this.failLocally(request, failure.reason, failure.afterMs, (outcome) =>
        delivery.deliver(outcome),
      );
    }
    return () => delivery.cancel();
  }

  /** Time to receive `bytes` at the link's bandwidth. */
  receiveTimeMs(bytes: number): number {
    return (bytes * 1000) / this.conditions.bandwidthBytesPerSecond;
  }

  private localFailure(
    request: HttpRequest,
  ): { reason: string; afterMs: number } | undefined {
    const conditions = this.conditions;
    if (!conditions.up)
      return { reason: 'Network is unreachable', afterMs: CONNECT_FAILURE_MS };
    if (conditions.lossRate > 0 && this.random.next() < conditions.lossRate) {
      return { reason: 'Request timed out', afterMs: this.requestTimeoutMs };
    }
    const toApi = request.url.startsWith(this.apiPrefix);
    const caInstalled = toApi
      ? conditions.apiCaInstalled
      : conditions.artifactCaInstalled;
    if (!caInstalled) {
      return {
        reason:
          'TLS handshake failed: unable to verify the server certificate (CA missing)',
        afterMs: conditions.latencyMs,
      };
    }
    return undefined;
  }

  private failLocally(
    request: HttpRequest,
    reason: string,
    afterMs: number,
    deliver: (outcome: ExchangeOutcome) => void,
  ): void {
    const sentAt = this.kernel.now();
    this.kernel.clock.setTimeout(() => {
      this.kernel.trace.append({
        kind: 'http',
        time: this.kernel.now(),
        subject: this.subject,
        sentAt,
        request,
        failure: reason,
      });
      deliver({ failure: reason });
    }, afterMs);
  }
}

/** Hands an outcome on unless the sender gave up on it (power went). */
class CancellableDelivery {
  private live = true;

  constructor(private readonly onOutcome: (outcome: ExchangeOutcome) => void) {}

  deliver(outcome: ExchangeOutcome): void {
    if (this.live) this.onOutcome(outcome);
  }

  cancel(): void {
    this.live = false;
  }
}
