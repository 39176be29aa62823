import { assign, enqueueActions, setup } from 'xstate';

import { describeHttpError } from './apiExchange.ts';
import { inventoryUpdate, nextDeploymentV1, nextDeploymentV2 } from './apiRequests.ts';
import {
  cancelApiCall,
  keyLoader,
  moduleCallback,
  startApiCall,
  statusReport,
  type ApiCallRequest,
} from './clientActors.ts';
import {
  FREED_LOOP_RAM,
  type ClientContext,
  type ClientEvent,
  type ClientInput,
  type UpdateLoopRam,
} from './clientContext.ts';
import {
  collectDynamicItems,
  collectPersistentItems,
  coreInventoryCallbacks,
  currentArtifactName,
  parseDeploymentOffer,
  planTransition,
  storeDeploymentState,
} from './clientLogic.ts';
import { artifactDownload } from './artifactDownload.ts';
import {
  isError,
  MenderResult,
  SUCCESSORS,
  type CallbackState,
  type UpdateState,
} from './menderTypes.ts';
import { rescheduleAfterRun, nextWork, type WorkName } from './workSchedule.ts';

/** The loop's RAM with `patch` applied, as a context patch. */
function loopPatch(
  context: ClientContext,
  patch: Partial<UpdateLoopRam>,
): Pick<ClientContext, 'loop'> {
  return { loop: { ...context.loop, ...patch } };
}

/**
 * Assigns `patch` only when it changes something: an idle poll then copies
 * the context once or twice instead of at every step.
 */
function assignChanged(
  context: ClientContext,
  enqueue: { assign: (patch: Partial<ClientContext>) => void },
  patch: Partial<ClientContext>,
): void {
  for (const key in patch) {
    const name = key as keyof ClientContext;
    if (context[name] !== patch[name]) {
      enqueue.assign(patch);
      return;
    }
  }
}

/** COMMIT writes the artifact name (NVS 5) and the provides (NVS 4). */
function persistArtifact(context: ClientContext): void {
  const deployment = context.loop.deployment!;
  context.platform.storage.writeArtifactName(deployment.artifactName);
  context.platform.storage.writeProvides(deployment.provides ?? []);
}

/**
 * After a no-reboot COMMIT: drop the collected persistent items and run the
 * inventory work now. The full-push flag stays set (quirk 16).
 */
function inventoryRefresh(context: ClientContext): Partial<ClientContext> {
  if (context.inventoryWork === undefined) return {};
  const sequence = context.scheduleSequence + 1;
  const resendPersistent = !context.platform.quirks.inventoryRefreshSkipsPersistent;
  return {
    inventory: {
      persistentItems: undefined,
      fullPushDone: resendPersistent ? false : context.inventory.fullPushDone,
    },
    inventoryWork: {
      ...context.inventoryWork,
      dueAt: context.platform.clock.now(),
      sequence,
    },
    scheduleSequence: sequence,
  };
}

function eventResult(event: ClientEvent): MenderResult {
  if (event.type === 'status.reported' || event.type === 'callback.returned') {
    return event.result;
  }
  if (event.type === 'api.failed') return event.result;
  return MenderResult.FAIL;
}

/** The API calls the client's states make, by name. */
export type ApiCallName =
  | 'nextDeploymentV2'
  | 'nextDeploymentV1'
  | 'inventoryUpdate'
  /** A fresh token only, before COMMIT (MENDER_COMMIT_REQUIRE_AUTH). */
  | 'authenticate';

function apiCall(context: ClientContext, name: ApiCallName): ApiCallRequest {
  const { platform } = context;
  switch (name) {
    case 'nextDeploymentV2':
      return {
        token: context.token,
        call: nextDeploymentV2(
          platform.settings.deviceType,
          platform.storage.readProvides() ?? [],
          currentArtifactName(platform),
        ),
      };
    case 'nextDeploymentV1':
      return {
        token: context.token,
        call: nextDeploymentV1(
          platform.settings.deviceType,
          currentArtifactName(platform),
        ),
      };
    case 'inventoryUpdate': {
      const { method, items } = inventoryPayload(context);
      return {
        token: context.token,
        call: inventoryUpdate(method, items),
      };
    }
    case 'authenticate':
      return { token: undefined, call: null };
  }
}

/** Periods and backoff of one work item, in milliseconds. */
function backoffSettings(context: ClientContext, work: WorkName) {
  const settings = context.platform.settings;
  const periodSeconds =
    work === 'main'
      ? settings.updatePollIntervalSeconds
      : settings.inventoryIntervalSeconds;
  return {
    periodMs: periodSeconds * 1000,
    backoffMs: settings.retryBackoffSeconds * 1000,
    maxBackoffMs: settings.retryMaxBackoffSeconds * 1000,
  };
}

/**
 * The typed vocabulary of the client machine: context, events, actors,
 * named actions, guards and delays. The states live in clientMachine.ts and
 * updateStates.ts.
 */
export const clientSetup = setup({
  types: {
    context: {} as ClientContext,
    events: {} as ClientEvent,
    input: {} as ClientInput,
  },
  actors: { statusReport, moduleCallback, keyLoader, artifactDownload },
  delays: {
    untilNextWork: ({ context }) => {
      const next = nextWork(context.mainWork, context.inventoryWork);
      const timer = next === 'inventory' ? context.inventoryWork : context.mainWork;
      return Math.max(0, (timer?.dueAt ?? 0) - context.platform.clock.now());
    },
  },
  guards: {
    clientHalted: ({ context }) => context.halted,
    rebootIsUnderway: ({ context }) => context.rebootUnderway,
    mainWorkIsNext: ({ context }) =>
      nextWork(context.mainWork, context.inventoryWork) === 'main',
    inventoryWorkIsNext: ({ context }) =>
      nextWork(context.mainWork, context.inventoryWork) === 'inventory',
    clientStateIs: ({ context }, params: { state: ClientContext['clientState'] }) =>
      context.clientState === params.state,
    storedRecordIsCorrupt: ({ context }) =>
      context.platform.storage.readDeploymentData().kind === 'corrupt',
    hasStoredDeployment: ({ context }) =>
      context.loop.deployment !== undefined && context.loop.deployment.state !== null,
    resumedInEnd: ({ context }) => context.loop.deployment?.state === 'END',
    storedModuleMissing: ({ context }) => context.loop.module === undefined,
    spontaneousRebootDetected: ({ context }) =>
      context.loop.spontaneousReboot &&
      (context.updateState === 'INSTALL' || context.updateState === 'COMMIT'),
    updateStateIs: ({ context }, params: { state: UpdateState }) =>
      context.updateState === params.state,
    networkIsConnected: ({ context }) => context.networkConnected,
    usesProvidesDepends: ({ context }) => context.platform.settings.providesDepends,
    responseIs: ({ event }, params: { status: number }) =>
      event.type === 'api.response' && event.response.status === params.status,
    offerIsValid: ({ event }) =>
      event.type === 'api.response' && parseDeploymentOffer(event.response) !== undefined,
    retIsOk: ({ context }) => context.ret === MenderResult.OK,
    reportWasAborted: ({ event }) =>
      event.type === 'status.reported' && event.result === MenderResult.ABORTED,
    reportStopsState: ({ context, event }) =>
      event.type === 'status.reported' &&
      (event.result === MenderResult.ABORTED ||
        (isError(event.result) && !context.platform.quirks.ignoreStatusReportErrors)),
    hasCallback: ({ context }, params: { state: CallbackState }) =>
      context.loop.module?.callbacks[params.state] !== undefined,
    moduleIsKnown: ({ context }) => context.loop.module !== undefined,
    moduleRequiresReboot: ({ context }) => context.loop.module?.requiresReboot === true,
    moduleSupportsRollback: ({ context }) =>
      context.loop.module?.supportsRollback === true,
    hasDeployment: ({ context }) => context.loop.deployment !== undefined,
    commitRequiresAuth: ({ context }) => context.platform.settings.commitRequireAuth,
    writesNameBeforeCommit: ({ context }) =>
      context.platform.quirks.commitWritesNameBeforeCallback,
    preStoreHitLoop: ({ context }) =>
      !context.platform.quirks.preStoreIgnoresLoopDetection &&
      context.loop.preStored === undefined,
    rebootThresholdExceeded: ({ context }) =>
      context.platform.settings.detectRebootErrors &&
      context.rebootWaits > context.platform.settings.errorsThresholdReboot,
    inventoryHasNothingToSend: ({ context }) =>
      context.inventory.fullPushDone &&
      !context.inventoryRegistrations.some((registration) => !registration.persistent),
  },
  actions: {
    startApiCall: ({ context, self }, params: { call: ApiCallName }) =>
      startApiCall(context.platform, apiCall(context, params.call), (event) =>
        self.send(event),
      ),
    cancelApiCall: ({ context }) => cancelApiCall(context.platform),
    logWorkRun: ({ context }) => {
      context.platform.log(
        'debug',
        `Inside work function [state: ${context.clientState}]`,
      );
      context.platform.recordState('client', context.clientState);
    },
    startRun: enqueueActions(({ context, enqueue }) => {
      assignChanged(context, enqueue, {
        workResult: MenderResult.OK,
        retryAfterSeconds: undefined,
      });
    }),
    finishRun: enqueueActions(
      ({ context, enqueue }, params: { result: MenderResult }) => {
        assignChanged(context, enqueue, { workResult: params.result });
      },
    ),
    finishRunWithEventResult: assign(({ event }) => ({
      workResult: eventResult(event),
      retryAfterSeconds:
        event.type === 'api.response' ? event.retryAfterSeconds : undefined,
    })),
    finishRunWithResponse: assign(({ event }) => {
      if (event.type !== 'api.response') return { workResult: eventResult(event) };
      return {
        workResult: MenderResult.RETRY_ERROR,
        retryAfterSeconds: event.retryAfterSeconds,
      };
    }),
    reschedule: assign(({ context }, params: { work: WorkName }) => {
      const now = context.platform.clock.now();
      const sequence = context.scheduleSequence + 1;
      const previous = params.work === 'main' ? context.mainWork : context.inventoryWork!;
      const next = rescheduleAfterRun(
        previous,
        context.workResult,
        context.retryAfterSeconds,
        backoffSettings(context, params.work),
        now,
        sequence,
      );
      return params.work === 'main'
        ? { mainWork: next, scheduleSequence: sequence }
        : { inventoryWork: next, scheduleSequence: sequence };
    }),

    keepToken: assign(({ event }) =>
      event.type === 'auth.token' ? { token: event.token } : {},
    ),
    dropToken: assign({ token: undefined }),
    countNetworkError: assign(({ context }) => ({
      networkErrors: context.networkErrors + 1,
    })),
    connectNetwork: enqueueActions(({ context, enqueue }) => {
      if (context.networkConnected) return;
      if (context.platform.networkConnect()) enqueue.assign({ networkConnected: true });
    }),

    resetRebootWaits: enqueueActions(({ context, enqueue }) => {
      assignChanged(context, enqueue, { rebootWaits: 0 });
    }),
    readStoredDeployment: assign(({ context }) => {
      const stored = context.platform.storage.readDeploymentData();
      if (stored.kind !== 'valid') return loopPatch(context, { deployment: undefined });
      const state = stored.data.state;
      return loopPatch(context, {
        deployment: stored.data,
        spontaneousReboot: state === 'INSTALL' || state === 'COMMIT',
      });
    }),
    discardCorruptRecord: ({ context }) => {
      const stored = context.platform.storage.readDeploymentData();
      const reason = stored.kind === 'corrupt' ? stored.reason : 'unknown';
      context.platform.log('error', `Unable to read deployment data: ${reason}`);
      context.platform.storage.deleteDeploymentData();
    },
    enterPendingReboot: assign({
      clientState: 'PENDING_REBOOT',
      workResult: MenderResult.OK,
    }),
    callRestart: ({ context }) => context.platform.restart(),
    becomeOperational: assign({ clientState: 'OPERATIONAL' }),
    afterUpdateWork: enqueueActions(({ context, enqueue }) => {
      const { settings, quirks } = context.platform;
      const failedOnNetwork =
        context.workResult === MenderResult.FAIL &&
        settings.detectNetworkErrors &&
        context.networkErrors > settings.errorsThresholdNetwork;
      if (
        failedOnNetwork ||
        (!quirks.releaseNetworkOnlyOnErrors && context.networkConnected)
      ) {
        enqueue(() => context.platform.networkRelease());
        enqueue.assign({ networkConnected: false });
      }
      if (!isError(context.workResult) && context.networkErrors !== 0) {
        enqueue.assign({ networkErrors: 0 });
      }
      if (context.workResult === MenderResult.DONE) {
        enqueue.assign({ workResult: MenderResult.OK });
      }
    }),
    waitForReboot: assign(({ context }) => {
      context.platform.log('info', 'Waiting for a reboot');
      return { rebootWaits: context.rebootWaits + 1, workResult: MenderResult.OK };
    }),
    forceReboot: assign(({ context }) => {
      context.platform.log('warning', 'Rebooting the device: reboot not done in time');
      return { rebootUnderway: context.platform.reboot() };
    }),
    logAssertion: ({ context }) =>
      context.platform.log(
        'error',
        'ASSERTION FAIL: the inventory work period is 0 (MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL)',
      ),
    recoverFromStuckReboot: enqueueActions(({ context, enqueue }) => {
      // The loop freed the RAM copy; only the intended behaviour reads flash again.
      const stored = context.platform.storage.readDeploymentData();
      const deployment =
        context.platform.quirks.stuckRebootRecoveryLosesData || stored.kind !== 'valid'
          ? context.loop.deployment
          : stored.data;
      if (deployment === undefined || deployment.state === null) {
        context.platform.log(
          'error',
          'No deployment data to use for deployment abortion',
        );
      } else if (deployment.state !== 'END') {
        const failed = SUCCESSORS[deployment.state].failure;
        const stored = storeDeploymentState(
          deployment,
          failed,
          context.platform.settings.maxStateDataStoreCount,
        );
        if (!stored.loopDetected) {
          enqueue(() => context.platform.storage.writeDeploymentData(stored.data));
        }
      }
      enqueue.assign({ clientState: 'OPERATIONAL' });
    }),

    announceDownload: enqueueActions(({ context, enqueue }) => {
      enqueue(() => {
        context.platform.log('info', 'Entering state DOWNLOAD');
        context.platform.recordState('update', 'DOWNLOAD');
      });
      assignChanged(context, enqueue, { updateState: 'DOWNLOAD', ret: MenderResult.OK });
      if (context.loop.preStored !== undefined) {
        enqueue.assign(loopPatch(context, { preStored: undefined }));
      }
    }),
    logNoDeployment: ({ context }) =>
      context.platform.log('info', 'No deployment available'),
    logHttpError: ({ context, event }) => {
      if (event.type === 'api.response') {
        context.platform.log('error', describeHttpError(event.response));
      }
    },
    logInvalidOffer: ({ context }) =>
      context.platform.log('error', 'Invalid response: missing fields in the deployment'),
    startDeployment: assign(({ context, event }) => {
      if (event.type !== 'api.response') return {};
      const offer = parseDeploymentOffer(event.response)!;
      const { platform } = context;
      platform.storage.clearDeploymentLogs();
      platform.setDeploymentLogCapture(true);
      platform.log(
        'info',
        `Downloading artifact with id '${offer.id}', name '${offer.artifactName}'`,
      );
      return loopPatch(context, {
        offer,
        module: undefined,
        cleanupSucceeded: false,
        deployment: {
          id: offer.id,
          artifactName: offer.artifactName,
          payloadTypes: [],
          provides: null,
          state: null,
          stateDataStoreCount: 0,
        },
      });
    }),
    keepDownload: assign(({ context, event }) => {
      if (event.type === 'download.succeeded') {
        return {
          ret: MenderResult.OK,
          ...loopPatch(context, {
            module: event.module,
            deployment: {
              ...context.loop.deployment!,
              artifactName: event.artifactName,
              payloadTypes: [event.payloadType],
              provides: event.provides,
            },
          }),
        };
      }
      if (event.type !== 'download.failed') return {};
      context.platform.log('error', event.reason);
      return {
        ret: MenderResult.FAIL,
        ...loopPatch(context, {
          module: event.module,
          deployment:
            event.payloadType === undefined
              ? context.loop.deployment
              : { ...context.loop.deployment!, payloadTypes: [event.payloadType] },
        }),
      };
    }),
    keepResult: assign(({ event }) => ({ ret: eventResult(event) })),
    setResult: assign((_, params: { result: MenderResult }) => ({ ret: params.result })),
    logAborted: ({ context }) =>
      context.platform.log('warning', 'Aborted deployment, not committing'),
    warnNoRollback: assign(({ context }) => {
      context.platform.log('warning', 'Rollback not supported by the update module');
      return { ret: MenderResult.FAIL };
    }),

    advance: enqueueActions(
      ({ context, enqueue }, params: { outcome: 'success' | 'failure' }) => {
        const plan = planTransition(context, params.outcome);
        const { platform } = context;
        if (plan.write !== undefined) {
          const record = plan.write;
          enqueue(() => platform.storage.writeDeploymentData(record));
        }
        if (plan.announce) {
          enqueue(() => {
            platform.log('info', `Entering state ${plan.next}`);
            platform.recordState('update', plan.next);
          });
        }
        enqueue.assign({
          updateState: plan.next,
          ...loopPatch(context, { deployment: plan.deployment, preStored: undefined }),
        });
      },
    ),
    preStore: enqueueActions(({ context, enqueue }, params: { state: UpdateState }) => {
      const deployment = context.loop.deployment;
      if (deployment === undefined) return;
      const stored = storeDeploymentState(
        deployment,
        params.state,
        context.platform.settings.maxStateDataStoreCount,
      );
      if (!stored.loopDetected) {
        enqueue(() => context.platform.storage.writeDeploymentData(stored.data));
      }
      enqueue.assign(
        loopPatch(context, {
          deployment: stored.data,
          preStored: stored.loopDetected ? undefined : params.state,
        }),
      );
    }),
    // The loop guard's jump is neither stored nor announced.
    loopToFailure: assign(({ context }) => ({
      updateState: 'FAILURE' as const,
      ...loopPatch(context, { preStored: undefined }),
    })),
    resumeDeployment: assign(({ context }) => {
      const deployment = context.loop.deployment!;
      const state = deployment.state!;
      const { platform } = context;
      platform.log('info', `Resuming from state ${state}`);
      platform.recordState('update', state);
      if (state !== 'DOWNLOAD') platform.setDeploymentLogCapture(true);
      const payloadType = deployment.payloadTypes[0];
      const module =
        payloadType === undefined ? undefined : platform.modules.find(payloadType);
      return {
        updateState: state,
        ret: MenderResult.OK,
        ...loopPatch(context, { module, preStored: undefined }),
      };
    }),
    logUnknownModule: ({ context }) =>
      context.platform.log(
        'error',
        `Unable to get the update module for type '${context.loop.deployment?.payloadTypes[0] ?? ''}'`,
      ),
    deleteDeploymentData: ({ context }) =>
      context.platform.storage.deleteDeploymentData(),
    failSpontaneously: enqueueActions(({ context, enqueue }) => {
      const state = context.updateState as 'INSTALL' | 'COMMIT';
      const next = SUCCESSORS[state].failure;
      enqueue(() => {
        context.platform.log(
          'warning',
          'Failing deployment, spontaneous reboot detected',
        );
        context.platform.log('info', `Entering state ${next}`);
        context.platform.recordState('update', next);
      });
      enqueue.assign({
        updateState: next,
        ...loopPatch(context, { spontaneousReboot: false }),
      });
    }),
    markCleanupSucceeded: assign(({ context }) =>
      loopPatch(context, { cleanupSucceeded: true }),
    ),
    endDeployment: ({ context }) => {
      const deleteRecord =
        context.loop.cleanupSucceeded ||
        !context.platform.quirks.failedCleanupKeepsRecord;
      if (deleteRecord && context.loop.module !== undefined) {
        context.platform.storage.deleteDeploymentData();
      }
      context.platform.setDeploymentLogCapture(false);
    },
    completeCommit: enqueueActions(({ context, enqueue }) => {
      if (!context.platform.quirks.commitWritesNameBeforeCallback) {
        enqueue(() => persistArtifact(context));
      }
      if (!context.loop.module?.requiresReboot) enqueue.assign(inventoryRefresh(context));
    }),
    leaveUpdateLoop: enqueueActions(({ context, enqueue }) => {
      if (context.loop.deployment !== undefined) {
        enqueue(() => context.platform.setDeploymentLogCapture(false));
      }
      assignChanged(context, enqueue, { loop: FREED_LOOP_RAM });
    }),
    persistCommittedArtifact: ({ context }) => persistArtifact(context),

    // Both assign only on a change: every inventory run passes through them.
    collectPersistentInventory: enqueueActions(({ context, enqueue }) => {
      if (
        context.inventory.fullPushDone ||
        context.inventory.persistentItems !== undefined
      ) {
        return;
      }
      enqueue.assign({
        inventory: {
          ...context.inventory,
          persistentItems: collectPersistentItems(context.inventoryRegistrations),
        },
      });
    }),
    markInventoryPushed: enqueueActions(({ context, enqueue }) => {
      if (context.inventory.fullPushDone) return;
      enqueue.assign({ inventory: { ...context.inventory, fullPushDone: true } });
    }),
  },
});

/** The inventory items of the next push: everything first, then only the dynamic ones. */
function inventoryPayload(context: ClientContext) {
  const dynamic = collectDynamicItems(context.inventoryRegistrations);
  if (context.inventory.fullPushDone) return { method: 'PATCH' as const, items: dynamic };
  return {
    method: 'PUT' as const,
    items: [...(context.inventory.persistentItems ?? []), ...dynamic],
  };
}

export { coreInventoryCallbacks };
