import type { HttpRequest, HttpResponse, RequestHandler } from './http.ts';
import type { SimulationKernel } from './kernel.ts';

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
      const sentAt = kernel.now();
      const deliver = (outcome: ExchangeOutcome) => {
        kernel.clock.setTimeout(() => {
          kernel.trace.append({
            kind: 'http',
            time: kernel.now(),
            subject: options.subject,
            sentAt,
            request,
            ...(outcome.response !== undefined
              ? { response: outcome.response }
              : { failure: outcome.failure }),
          });
          onOutcome(outcome);
        }, options.latencyMs);
      };
      kernel.defer(
        () => exchange(request),
        (response) => deliver({ response }),
        (error) => deliver({ failure: describeFailure(error) }),
      );
    },
  };
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
