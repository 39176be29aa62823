import {
  fromUtf8,
  headerValue,
  type HttpRequest,
  type HttpResponse,
  type TimerHandle,
} from '../sim/index.ts';
import { buildApiRequest, type ApiCall } from './apiRequests.ts';
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

const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** `[<code>] <reason>: <server error>` as api.c logs a refused request. */
export function describeHttpError(response: HttpResponse): string {
  const reason = REASON_PHRASES[response.status] ?? 'Unknown';
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
  const { platform } = input;
  const clock = platform.clock;
  let stopped = false;
  let cancelSend: (() => void) | undefined;
  let sleepTimer: TimerHandle | undefined;

  const sendWithRetries = (
    request: HttpRequest,
    onResponse: (response: HttpResponse) => void,
    onExhausted: () => void,
  ) => {
    const attempt = (index: number) => {
      cancelSend = platform.send(request, (outcome) => {
        cancelSend = undefined;
        if (stopped) return;
        if (outcome.response !== undefined) {
          onResponse(outcome.response);
          return;
        }
        platform.log('error', `Unable to perform HTTP request: ${outcome.failure}`);
        sleepTimer = clock.setTimeout(() => {
          sleepTimer = undefined;
          if (stopped) return;
          if (index + 1 < TRANSPORT_RETRY_SLEEPS_MS.length) attempt(index + 1);
          else {
            sendBack({ type: 'network.error' });
            onExhausted();
          }
        }, TRANSPORT_RETRY_SLEEPS_MS[index]!);
      });
    };
    attempt(0);
  };

  const authenticate = (onToken: (token: string) => void, onFailed: () => void) => {
    platform.createAuthRequest((request) => {
      if (stopped) return;
      if (request === undefined) {
        platform.log('error', 'Unable to sign the authentication request');
        onFailed();
        return;
      }
      sendWithRetries(
        request,
        (response) => {
          if (response.status !== 200) {
            platform.log('error', describeHttpError(response));
            onFailed();
            return;
          }
          const token = fromUtf8(response.body);
          platform.log('info', 'Authenticated successfully');
          sendBack({ type: 'auth.token', token });
          onToken(token);
        },
        onFailed,
      );
    });
  };

  const failed = () => sendBack({ type: 'api.failed', result: MenderResult.RETRY_ERROR });
  const respond = (response: HttpResponse) =>
    sendBack({
      type: 'api.response',
      response,
      retryAfterSeconds: retryAfterOf(response),
    });

  const call = input.call;
  const perform = (token: string) => {
    if (call === null) {
      sendBack({ type: 'api.authenticated' });
      return;
    }
    sendWithRetries(
      buildApiRequest(platform.settings, call, token),
      (response) => {
        if (response.status !== 401) {
          respond(response);
          return;
        }
        sendBack({ type: 'auth.dropped' });
        retryAfterUnauthorized(token, response);
      },
      failed,
    );
  };

  const retryAfterUnauthorized = (_stale: string, unauthorized: HttpResponse) => {
    if (call === null) return;
    const resend = (token: string | undefined) =>
      sendWithRetries(buildApiRequest(platform.settings, call, token), respond, failed);

    if (platform.quirks.inverted401Retry) {
      // The real client re-sends only when re-authentication failed, and then
      // without a token; a fresh token is used from the next request on.
      authenticate(
        () => respond(unauthorized),
        () => resend(undefined),
      );
      return;
    }
    authenticate((token) => resend(token), failed);
  };

  if (call === null || input.token === undefined) authenticate(perform, failed);
  else perform(input.token);

  return () => {
    stopped = true;
    cancelSend?.();
    if (sleepTimer !== undefined) clock.clearTimeout(sleepTimer);
  };
}
