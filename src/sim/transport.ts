import type { HttpRequest, HttpResponse, RequestHandler } from './http.ts';
import type { DeferredTask, SimulationKernel } from './kernel.ts';

/** What came back for one request: a response, or a failure below HTTP. */
export type ExchangeOutcome =
  | { readonly response: HttpResponse; readonly failure?: undefined }
  | { readonly response?: undefined; readonly failure: string };

export type TransportKind = 'in-process' | 'service-worker';

export interface SendOptions {
  /** Who sends it: a device id, or `admin` for the admin panel. */
  readonly subject: string;
  /** Virtual time between sending and the answer arriving. */
  readonly latencyMs: number;
}

/**
 * Carries a request from a simulated device to the mock server and the answer
 * back after a virtual latency. Both kinds record the same trace: the request
 * as the device built it, and the response in normalised form.
 */
export interface Transport {
  readonly kind: TransportKind;
  send(
    request: HttpRequest,
    options: SendOptions,
    onOutcome: (outcome: ExchangeOutcome) => void,
  ): void;
}

/**
 * The shared part of both transports: the exchange runs as deferred kernel
 * work (so the server sees requests in the kernel's order), and the outcome
 * is delivered and recorded at send time plus latency.
 */
export function createTransport(
  kind: TransportKind,
  kernel: SimulationKernel,
  exchange: RequestHandler,
): Transport {
  return {
    kind,
    send(request, options, onOutcome) {
      kernel.deferTask(
        new InFlightExchange(kernel, exchange, request, options, onOutcome),
      );
    },
  };
}

/**
 * One request on its way: run by the kernel as deferred work, then delivered
 * and recorded after the latency. An object with methods, not a set of
 * closures, since every poll of every device makes one.
 */
class InFlightExchange implements DeferredTask<HttpResponse> {
  private readonly sentAt: number;
  private outcome: ExchangeOutcome | undefined;

  constructor(
    private readonly kernel: SimulationKernel,
    private readonly exchange: RequestHandler,
    private readonly request: HttpRequest,
    private readonly options: SendOptions,
    private readonly onOutcome: (outcome: ExchangeOutcome) => void,
  ) {
    this.sentAt = kernel.now();
  }

  work(): HttpResponse | Promise<HttpResponse> {
    return this.exchange(this.request);
  }

  onDone(response: HttpResponse): void {
    this.deliverLater({ response });
  }

  onError(error: unknown): void {
    this.deliverLater({ failure: describeFailure(error) });
  }

  private deliverLater(outcome: ExchangeOutcome): void {
    this.outcome = outcome;
    this.kernel.clock.setTimeout(() => this.arrive(), this.options.latencyMs);
  }

  private arrive(): void {
    const { kernel, outcome } = this;
    kernel.trace.append({
      kind: 'http',
      time: kernel.now(),
      subject: this.options.subject,
      sentAt: this.sentAt,
      request: this.request,
      ...(outcome!.response !== undefined
        ? { response: outcome!.response }
        : { failure: outcome!.failure }),
    });
    this.onOutcome(outcome!);
  }
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Hands each request straight to the server's routing: no fetch objects. */
export function createInProcessTransport(
  kernel: SimulationKernel,
  routing: RequestHandler,
): Transport {
  return createTransport('in-process', kernel, routing);
}
