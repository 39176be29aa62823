import { fromCallback, type EventObject } from 'xstate';

import {
  runApiExchange,
  describeHttpError,
  type ApiEvent,
  type ApiExchangeInput,
} from './apiExchange.ts';
import {
  type ApiCall,
  deploymentLog,
  deploymentStatus,
  parseDeploymentLogLine,
} from './apiRequests.ts';
import type {
  CallbackReturnedEvent,
  KeysEvent,
  StatusReportedEvent,
} from './clientContext.ts';
import { statusResult } from './clientLogic.ts';
import {
  MenderResult,
  type CallbackState,
  type DeploymentStatus,
} from './menderTypes.ts';
import type { ClientPlatform } from './platform.ts';
import { outcomeDuration, outcomeResult, type UpdateModule } from './updateModule.ts';

/** An API call to make: the token held now, and the call (null: authenticate only). */
export interface ApiCallRequest {
  readonly token: string | undefined;
  /** The call to make, or null to (re-)authenticate only (before COMMIT). */
  readonly call: ApiCall | null;
}

/** Each boot's one outstanding API call, by its platform: how to cancel it. */
const outstandingCalls = new WeakMap<ClientPlatform, () => void>();

/**
 * Starts the client's API call (api.c: lazy authentication, transport
 * retries), cancelling any still outstanding, as the entry action of the
 * state that waits for it; the answer comes back to the client as an
 * `ApiEvent`. An action rather than an invoked actor: every poll of every
 * device makes a call, and an actor per call (or one kept per device) costs
 * more time or memory than the call itself.
 */
export function startApiCall(
  platform: ClientPlatform,
  request: ApiCallRequest,
  deliver: (event: ApiEvent) => void,
): void {
  cancelApiCall(platform);
  outstandingCalls.set(
    platform,
    runApiExchange({ platform, token: request.token, call: request.call }, deliver),
  );
}

/** Cancels the outstanding API call, if any: on leaving its state, and at power loss. */
export function cancelApiCall(platform: ClientPlatform): void {
  const cancel = outstandingCalls.get(platform);
  if (cancel === undefined) return;
  outstandingCalls.delete(platform);
  cancel();
}

export interface StatusReportInput {
  readonly platform: ClientPlatform;
  readonly token: string | undefined;
  readonly deploymentId: string;
  readonly status: DeploymentStatus;
}

/**
 * `mender_client_publish_deployment_status`: the status PUT, then (for an
 * accepted failure) the deployment-log PUT, then the app's
 * `deployment_status` callback whatever the HTTP outcome.
 */
export const statusReport = fromCallback<
  EventObject,
  StatusReportInput,
  ApiEvent | StatusReportedEvent
>(({ input, sendBack }) => {
  const { platform, deploymentId, status } = input;
  let token = input.token;
  let cancel: (() => void) | undefined;

  const finish = (result: MenderResult) => {
    platform.deploymentStatus(status);
    sendBack({ type: 'status.reported', result });
  };

  const exchange = (
    call: ApiExchangeInput['call'],
    onResult: (result: MenderResult, status?: number) => void,
  ) => {
    cancel = runApiExchange({ platform, token, call }, (event) => {
      if (event.type === 'auth.token') token = event.token;
      if (event.type === 'auth.dropped') token = undefined;
      if (event.type === 'api.response') {
        if (event.response.status !== 204) {
          platform.log('error', describeHttpError(event.response));
        }
        onResult(statusResult(event.response), event.response.status);
        return;
      }
      if (event.type === 'api.failed') {
        onResult(event.result);
        return;
      }
      sendBack(event);
    });
  };

  exchange(deploymentStatus(deploymentId, status), (result, httpStatus) => {
    const uploadLogs =
      status === 'failure' && httpStatus === 204 && platform.settings.deploymentLogs;
    const lines = uploadLogs ? platform.storage.readDeploymentLogs() : [];
    if (lines.length === 0) {
      finish(result);
      return;
    }
    const messages = lines.map(parseDeploymentLogLine);
    exchange(deploymentLog(deploymentId, messages), () => finish(result));
  });

  return () => cancel?.();
});

export interface ModuleCallbackInput {
  readonly platform: ClientPlatform;
  readonly module: UpdateModule;
  readonly state: CallbackState;
}

/**
 * Calls a module's callback for one state. Its effects happen at once; the
 * client sees the result after the callback's duration, through the clock,
 * so a reboot the callback asked for comes first.
 */
export const moduleCallback = fromCallback<
  EventObject,
  ModuleCallbackInput,
  CallbackReturnedEvent
>(({ input, sendBack }) => {
  const { platform, module, state } = input;
  const callback = module.callbacks[state];
  const outcome = callback === undefined ? MenderResult.OK : callback(state, null);
  const timer = platform.clock.setTimeout(
    () => sendBack({ type: 'callback.returned', result: outcomeResult(outcome) }),
    outcomeDuration(outcome),
  );
  return () => platform.clock.clearTimeout(timer);
});

/** Loads or generates the device keys (tls.c), in the kernel's order. */
export const keyLoader = fromCallback<
  EventObject,
  { platform: ClientPlatform },
  KeysEvent
>(({ input, sendBack }) => {
  let stopped = false;
  input.platform.loadKeys((ok) => {
    if (!stopped) sendBack({ type: ok ? 'keys.loaded' : 'keys.failed' });
  });
  return () => {
    stopped = true;
  };
});
