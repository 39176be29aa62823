import {
  reasonPhrase,
  fromUtf8,
  headerValue,
  type ExchangeOutcome,
  type HttpRequest,
  type HttpResponse,
  type TimerHandle,
} from '../sim/index.ts';
import { ApiRequestBuilder, type ApiCall } from './apiRequests.ts';
import { MenderResult } from './menderTypes.ts';
import type { ClientPlatform } from './platform.ts';

/** Events an API exchange sends to the client machine. */
export type ApiEvent =
  | { readonly type: 'auth.token'; readonly token: string }
  | { readonly type: 'auth.dropped' }
  | { readonly type: 'network.error' }
  | {
      readonly type: 'api.response';
      readonly response: HttpResponse;
      /** Seconds from `Retry-After`, captured on 429 only. */
      readonly retryAfterSeconds: number | undefined;
    }
  | { readonly type: 'api.authenticated' }
  | { readonly type: 'api.failed'; readonly result: MenderResult };

export interface ApiExchangeInput {
  readonly platform: ClientPlatform;
  readonly token: string | undefined;
  /** The call to make, or null to (re-)authenticate only (before COMMIT). */
  readonly call: ApiCall | null;
}

/** Sleeps after each failed transport attempt (api.c); the last one is slept too. */
export const TRANSPORT_RETRY_SLEEPS_MS = [100, 200, 400, 800, 1600] as const;

/** `[<code>] <reason>: <server error>` as api.c logs a refused request. */
export function describeHttpError(response: HttpResponse): string {
  const reason = reasonPhrase(response.status) ?? 'Unknown';
  let detail = '';
  try {
    const parsed = JSON.parse(fromUtf8(response.body)) as { error?: unknown };
    if (typeof parsed.error === 'string') detail = parsed.error;
  } catch {
    detail = fromUtf8(response.body);
  }
  return `[${response.status}] ${reason}: ${detail === '' ? 'unknown error' : detail}`;
}

function retryAfterOf(response: HttpResponse): number | undefined {
  if (response.status !== 429) return undefined;
  const value = headerValue(response.headers, 'retry-after');
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * One call of api.c: lazy authentication (a token held in RAM only), up to
 * five transport attempts with growing sleeps, and the 401 handling with its
 * inverted retry condition (quirk 3). Runs on the virtual clock and reports
 * through `sendBack`; the returned function cancels it (power loss).
 */
export function runApiExchange(
  input: ApiExchangeInput,
  sendBack: (event: ApiEvent) => void,
): () => void {
  const exchange = new ApiExchange(input, sendBack);
  exchange.start(input.token);
  return () => exchange.stop();
}

/**
 * The state of one `runApiExchange`. A class, not a nest of closures: every
 * poll of every device runs one, and its steps then allocate nothing but
 * the request and the outcome callback.
 */
class ApiExchange {
  private readonly platform: ClientPlatform;
  private readonly call: ApiCall | null;
  private stopped = false;
  private cancelSend: (() => void) | undefined;
  private sleepTimer: TimerHandle | undefined;
  /** The request being sent with retries, and where its outcome goes. */
  private request: HttpRequest | undefined;
  private attemptIndex = 0;
  private onResponse: (response: HttpResponse) => void = ignoreResponse;
  private onExhausted: () => void = ignoreExhaustion;

  constructor(
    input: ApiExchangeInput,
    private readonly sendBack: (event: ApiEvent) => void,
  ) {
    this.platform = input.platform;
    this.call = input.call;
  }

  start(token: string | undefined): void {
    if (this.call === null || token === undefined) {
      this.authenticate(
        (fresh) => this.perform(fresh),
        () => this.failed(),
      );
    } else {
      this.perform(token);
    }
  }

  stop(): void {
    this.stopped = true;
    this.cancelSend?.();
    if (this.sleepTimer !== undefined) this.platform.clock.clearTimeout(this.sleepTimer);
  }

  private sendWithRetries(
    request: HttpRequest,
    onResponse: (response: HttpResponse) => void,
    onExhausted: () => void,
  ): void {
    this.request = request;
    this.onResponse = onResponse;
    this.onExhausted = onExhausted;
    this.attempt(0);
  }

  private attempt(index: number): void {
    this.attemptIndex = index;
    this.cancelSend = this.platform.send(this.request!, (outcome) =>
      this.received(outcome),
    );
  }

  private received(outcome: ExchangeOutcome): void {
    this.cancelSend = undefined;
    if (this.stopped) return;
    if (outcome.response !== undefined) {
      this.onResponse(outcome.response);
      return;
    }
    this.platform.log('error', `Unable to perform HTTP request: ${outcome.failure}`);
    const index = this.attemptIndex;
    this.sleepTimer = this.platform.clock.setTimeout(() => {
      this.sleepTimer = undefined;
      if (this.stopped) return;
      if (index + 1 < TRANSPORT_RETRY_SLEEPS_MS.length) this.attempt(index + 1);
      else {
        this.sendBack({ type: 'network.error' });
        this.onExhausted();
      }
    }, TRANSPORT_RETRY_SLEEPS_MS[index]!);
  }

  private authenticate(onToken: (token: string) => void, onFailed: () => void): void {
    const platform = this.platform;
    platform.createAuthRequest((request) => {
      if (this.stopped) return;
      if (request === undefined) {
        platform.log('error', 'Unable to sign the authentication request');
        onFailed();
        return;
      }
      this.sendWithRetries(
        request,
        (response) => {
          if (response.status !== 200) {
            platform.log('error', describeHttpError(response));
            onFailed();
            return;
          }
          const token = fromUtf8(response.body);
          platform.log('info', 'Authenticated successfully');
          this.sendBack({ type: 'auth.token', token });
          onToken(token);
        },
        onFailed,
      );
    });
  }

  private requestFor(call: ApiCall, token: string | undefined): HttpRequest {
    let builder = requestBuilders.get(this.platform);
    if (builder === undefined) {
      builder = new ApiRequestBuilder(this.platform.settings);
      requestBuilders.set(this.platform, builder);
    }
    return builder.build(call, token);
  }

  private failed(): void {
    this.sendBack({ type: 'api.failed', result: MenderResult.RETRY_ERROR });
  }

  private respond(response: HttpResponse): void {
    this.sendBack({
      type: 'api.response',
      response,
      retryAfterSeconds: retryAfterOf(response),
    });
  }

  private perform(token: string): void {
    const call = this.call;
    if (call === null) {
      this.sendBack({ type: 'api.authenticated' });
      return;
    }
    this.sendWithRetries(
      this.requestFor(call, token),
      (response) => {
        if (response.status !== 401) {
          this.respond(response);
          return;
        }
        this.sendBack({ type: 'auth.dropped' });
        this.retryAfterUnauthorized(call, response);
      },
      () => this.failed(),
    );
  }

  private retryAfterUnauthorized(call: ApiCall, unauthorized: HttpResponse): void {
    const resend = (token: string | undefined) =>
      this.sendWithRetries(
        this.requestFor(call, token),
        (response) => this.respond(response),
        () => this.failed(),
      );

    if (this.platform.quirks.inverted401Retry) {
      // The real client re-sends only when re-authentication failed, and then
      // without a token; a fresh token is used from the next request on.
      this.authenticate(
        () => this.respond(unauthorized),
        () => resend(undefined),
      );
      return;
    }
    this.authenticate(
      (token) => resend(token),
      () => this.failed(),
    );
  }
}

/** One request builder per boot of a device, gone with the boot. */
const requestBuilders = new WeakMap<ClientPlatform, ApiRequestBuilder>();

function ignoreResponse(): void {}

function ignoreExhaustion(): void {}
