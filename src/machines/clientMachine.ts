import { and, not, type Actor } from 'xstate';

import { cancelApiCall } from './clientActors.ts';
import { FREED_LOOP_RAM, type ClientContext } from './clientContext.ts';
import { coreInventoryCallbacks } from './clientLogic.ts';
import { clientSetup } from './clientSetup.ts';
import { MenderResult } from './menderTypes.ts';
import type { ClientPlatform } from './platform.ts';
import { updateLoop } from './updateStates.ts';

/** The first runs come at once with a separate work queue, else after 1 s (os.c). */
const SYSTEM_QUEUE_FIRST_RUN_MS = 1000;

/** The client's RAM right after `mender_client_activate()`. */
export function initialClientContext(platform: ClientPlatform): ClientContext {
  const { settings, quirks } = platform;
  const firstRun =
    platform.clock.now() + (settings.separateWorkQueue ? 0 : SYSTEM_QUEUE_FIRST_RUN_MS);
  const backoffMs = settings.retryBackoffSeconds * 1000;
  const zeroInterval = settings.inventoryIntervalSeconds === 0;
  const inventoryRuns =
    !settings.inventoryDisabled &&
    !(zeroInterval && !quirks.zeroInventoryIntervalAsserts);

  return {
    platform,
    clientState: 'INITIALIZATION',
    token: undefined,
    networkConnected: false,
    networkErrors: 0,
    rebootWaits: 0,
    loop: FREED_LOOP_RAM,
    updateState: 'DOWNLOAD',
    ret: MenderResult.OK,
    workResult: MenderResult.OK,
    retryAfterSeconds: undefined,
    rebootUnderway: false,
    halted:
      !settings.inventoryDisabled && zeroInterval && quirks.zeroInventoryIntervalAsserts,
    // The main work is activated first, so it runs first.
    mainWork: { dueAt: firstRun, sequence: 0, backoffMs },
    inventoryWork: inventoryRuns
      ? { dueAt: firstRun, sequence: 1, backoffMs }
      : undefined,
    scheduleSequence: 1,
    inventory: { persistentItems: undefined, fullPushDone: false },
    inventoryRegistrations: [
      ...coreInventoryCallbacks(platform),
      ...platform.inventoryCallbacks,
    ],
  };
}

/**
 * The mender-mcu client of one device, from activation until power off:
 * the work queue that runs the main work (client states and the update loop)
 * and the inventory work one at a time, each rescheduled by its result.
 * Create the actor with the kernel's clock; stop it when power goes.
 */
export const clientMachine = clientSetup.createMachine({
  id: 'client',
  context: ({ input }) => initialClientContext(input.platform),
  initial: 'idle',
  on: {
    'auth.token': { actions: 'keepToken' },
    'auth.dropped': { actions: 'dropToken' },
    'network.error': { actions: 'countNetworkError' },
  },
  states: {
    // Waits for the next work item; its client state picks where a main run starts.
    idle: {
      always: { guard: 'clientHalted', actions: 'logAssertion', target: 'halted' },
      after: {
        untilNextWork: [
          {
            guard: and([
              'mainWorkIsNext',
              { type: 'clientStateIs', params: { state: 'INITIALIZATION' as const } },
            ]),
            target: 'mainWork.initializing',
          },
          {
            guard: and([
              'mainWorkIsNext',
              { type: 'clientStateIs', params: { state: 'PENDING_REBOOT' as const } },
            ]),
            target: 'mainWork.pendingReboot',
          },
          {
            guard: 'mainWorkIsNext',
            actions: 'resetRebootWaits',
            target: 'mainWork.update',
          },
          { guard: 'inventoryWorkIsNext', target: 'inventoryWork' },
          { target: 'halted' },
        ],
      },
    },
    // Nothing left to run (every work returned DONE, or an assertion stopped the client).
    halted: {},
    mainWork: {
      entry: ['startRun', 'logWorkRun'],
      initial: 'update',
      states: {
        initializing: {
          entry: 'resetRebootWaits',
          invoke: {
            src: 'keyLoader',
            input: ({ context }) => ({ platform: context.platform }),
          },
          on: {
            'keys.loaded': { target: 'readingDeploymentData' },
            'keys.failed': {
              actions: { type: 'finishRun', params: { result: MenderResult.FAIL } },
              target: 'done',
            },
          },
        },
        readingDeploymentData: {
          always: [
            {
              guard: 'storedRecordIsCorrupt',
              actions: ['discardCorruptRecord', 'enterPendingReboot', 'callRestart'],
              target: 'done',
            },
            // Falls through into the update work in the same run.
            { actions: ['readStoredDeployment', 'becomeOperational'], target: 'update' },
          ],
        },
        update: { ...updateLoop, onDone: { actions: 'afterUpdateWork', target: 'done' } },
        pendingReboot: {
          entry: 'waitForReboot',
          always: [
            { guard: 'rebootThresholdExceeded', target: 'rebooting' },
            { target: 'done' },
          ],
        },
        rebooting: {
          entry: 'forceReboot',
          always: [
            { guard: 'rebootIsUnderway', target: 'awaitingReset' },
            { actions: 'recoverFromStuckReboot', target: 'done' },
          ],
        },
        // mender_os_reboot() does not return; power goes before anything else runs.
        awaitingReset: {},
        done: { type: 'final' },
      },
      onDone: {
        target: 'idle',
        actions: { type: 'reschedule', params: { work: 'main' } },
      },
    },
    inventoryWork: {
      entry: 'startRun',
      initial: 'connecting',
      states: {
        connecting: {
          entry: 'connectNetwork',
          always: [
            {
              guard: not('networkIsConnected'),
              actions: { type: 'finishRun', params: { result: MenderResult.FAIL } },
              target: 'done',
            },
            { target: 'collecting' },
          ],
        },
        collecting: {
          entry: 'collectPersistentInventory',
          always: [
            {
              guard: 'inventoryHasNothingToSend',
              actions: { type: 'finishRun', params: { result: MenderResult.OK } },
              target: 'done',
            },
            { target: 'pushing' },
          ],
        },
        pushing: {
          entry: { type: 'startApiCall', params: { call: 'inventoryUpdate' } },
          exit: 'cancelApiCall',
          on: {
            'api.response': [
              {
                guard: { type: 'responseIs', params: { status: 200 } },
                actions: [
                  'markInventoryPushed',
                  { type: 'finishRun', params: { result: MenderResult.OK } },
                ],
                target: 'done',
              },
              { actions: ['logHttpError', 'finishRunWithResponse'], target: 'done' },
            ],
            'api.failed': { actions: 'finishRunWithEventResult', target: 'done' },
          },
        },
        done: { type: 'final' },
      },
      onDone: {
        target: 'idle',
        actions: { type: 'reschedule', params: { work: 'inventory' } },
      },
    },
  },
});

export type ClientMachine = typeof clientMachine;

/**
 * Power loss: the client's RAM goes, and with it the API call it was
 * waiting for (stopping the actor runs no exit actions, so the call is
 * cancelled here).
 */
export function stopClient(actor: Actor<ClientMachine>): void {
  cancelApiCall(actor.getSnapshot().context.platform);
  actor.stop();
}
