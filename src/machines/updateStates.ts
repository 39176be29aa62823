import { and, not } from 'xstate';

import type { ClientContext } from './clientContext.ts';
import { clientSetup } from './clientSetup.ts';
import {
  MenderResult,
  type CallbackState,
  type DeploymentStatus,
} from './menderTypes.ts';

/*
 * The update loop of client.c as states. Each update state ends with the
 * `advance` action (NEXT_STATE: choose the successor, store it, announce it)
 * and goes to `dispatch`, which enters the chosen state, or leaves the loop
 * through `exit`. Sub-states mirror the order of side effects in the C
 * handlers (status report, pre-store, callback).
 */

type Inputs = { context: ClientContext };

const report =
  (status: DeploymentStatus) =>
  ({ context }: Inputs) => ({
    platform: context.platform,
    token: context.token,
    deploymentId: context.loop.deployment!.id,
    status,
  });

const callback =
  (state: CallbackState) =>
  ({ context }: Inputs) => ({
    platform: context.platform,
    module: context.loop.module!,
    state,
  });

const success = { type: 'advance', params: { outcome: 'success' } } as const;
const failure = { type: 'advance', params: { outcome: 'failure' } } as const;
const DISPATCH = '#updateDispatch';
const EXIT = '#updateExit';

const decideByResult = [
  { guard: 'retIsOk', actions: success, target: DISPATCH },
  { actions: failure, target: DISPATCH },
] as const;

const finishRun = (result: MenderResult) =>
  ({ type: 'finishRun', params: { result } }) as const;
const hasCallback = (state: CallbackState) =>
  ({ type: 'hasCallback', params: { state } }) as const;

const DOWNLOAD = clientSetup.createStateConfig({
  initial: 'connecting',
  states: {
    connecting: {
      entry: 'connectNetwork',
      always: [
        {
          guard: not('networkIsConnected'),
          actions: finishRun(MenderResult.FAIL),
          target: EXIT,
        },
        { guard: 'usesProvidesDepends', target: 'checkingV2' },
        { target: 'checkingV1' },
      ],
    },
    checkingV2: {
      entry: { type: 'startApiCall', params: { call: 'nextDeploymentV2' } },
      exit: 'cancelApiCall',
      on: {
        'api.response': [
          {
            guard: { type: 'responseIs', params: { status: 404 } },
            target: 'checkingV1',
          },
          { target: 'evaluating' },
        ],
        'api.failed': { actions: 'finishRunWithEventResult', target: EXIT },
      },
    },
    checkingV1: {
      entry: { type: 'startApiCall', params: { call: 'nextDeploymentV1' } },
      exit: 'cancelApiCall',
      on: {
        'api.response': { target: 'evaluating' },
        'api.failed': { actions: 'finishRunWithEventResult', target: EXIT },
      },
    },
    // Reached with the answer as the current event.
    evaluating: {
      always: [
        {
          guard: { type: 'responseIs', params: { status: 204 } },
          actions: ['logNoDeployment', finishRun(MenderResult.OK)],
          target: EXIT,
        },
        {
          guard: and([{ type: 'responseIs', params: { status: 200 } }, 'offerIsValid']),
          actions: 'startDeployment',
          target: 'reportingDownloading',
        },
        {
          guard: { type: 'responseIs', params: { status: 200 } },
          actions: ['logInvalidOffer', finishRun(MenderResult.FAIL)],
          target: EXIT,
        },
        { actions: ['logHttpError', 'finishRunWithResponse'], target: EXIT },
      ],
    },
    reportingDownloading: {
      invoke: { src: 'statusReport', input: report('downloading') },
      on: {
        'status.reported': [
          {
            guard: 'reportStopsState',
            actions: 'keepResult',
            target: 'reportingFailure',
          },
          { target: 'downloading' },
        ],
      },
    },
    downloading: {
      invoke: {
        src: 'artifactDownload',
        input: ({ context }) => ({
          platform: context.platform,
          offer: context.loop.offer!,
        }),
      },
      on: {
        'download.succeeded': { actions: ['keepDownload', success], target: DISPATCH },
        'download.failed': { actions: 'keepDownload', target: 'reportingFailure' },
      },
    },
    reportingFailure: {
      invoke: { src: 'statusReport', input: report('failure') },
      on: { 'status.reported': { actions: failure, target: DISPATCH } },
    },
  },
});

const INSTALL = clientSetup.createStateConfig({
  initial: 'reporting',
  states: {
    reporting: {
      invoke: { src: 'statusReport', input: report('installing') },
      on: {
        'status.reported': [
          {
            guard: 'reportStopsState',
            actions: ['keepResult', failure],
            target: DISPATCH,
          },
          {
            guard: not(hasCallback('INSTALL')),
            actions: 'keepResult',
            target: 'deciding',
          },
          {
            guard: 'moduleRequiresReboot',
            actions: { type: 'preStore', params: { state: 'REBOOT' } },
            target: 'preStored',
          },
          { target: 'calling' },
        ],
      },
    },
    preStored: {
      always: [
        { guard: 'preStoreHitLoop', actions: 'loopToFailure', target: DISPATCH },
        { target: 'calling' },
      ],
    },
    calling: {
      invoke: { src: 'moduleCallback', input: callback('INSTALL') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'deciding' } },
    },
    deciding: { always: decideByResult },
  },
});

const REBOOT = clientSetup.createStateConfig({
  initial: 'reporting',
  states: {
    reporting: {
      invoke: { src: 'statusReport', input: report('rebooting') },
      on: {
        'status.reported': [
          {
            guard: 'reportStopsState',
            actions: ['keepResult', failure],
            target: DISPATCH,
          },
          {
            guard: not(hasCallback('REBOOT')),
            actions: 'keepResult',
            target: 'deciding',
          },
          {
            actions: { type: 'preStore', params: { state: 'VERIFY_REBOOT' } },
            target: 'preStored',
          },
        ],
      },
    },
    preStored: {
      always: [
        { guard: 'preStoreHitLoop', actions: 'loopToFailure', target: DISPATCH },
        { target: 'calling' },
      ],
    },
    calling: {
      invoke: { src: 'moduleCallback', input: callback('REBOOT') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'returned' } },
    },
    // A reboot was requested: wait for it outside the loop.
    returned: {
      always: [
        { guard: 'retIsOk', actions: 'enterPendingReboot', target: EXIT },
        { actions: failure, target: DISPATCH },
      ],
    },
    deciding: { always: decideByResult },
  },
});

/** A state that only calls its callback, if present, and follows the result. */
function callbackOnlyState(state: CallbackState) {
  return clientSetup.createStateConfig({
    initial: 'checking',
    states: {
      checking: {
        always: [
          { guard: hasCallback(state), target: 'calling' },
          { target: 'deciding' },
        ],
      },
      calling: {
        invoke: { src: 'moduleCallback', input: callback(state) },
        on: { 'callback.returned': { actions: 'keepResult', target: 'deciding' } },
      },
      deciding: { always: decideByResult },
    },
  });
}

const COMMIT = clientSetup.createStateConfig({
  initial: 'checking',
  states: {
    checking: {
      always: [
        { guard: not('hasDeployment'), target: 'reportingNoData' },
        { guard: 'commitRequiresAuth', actions: 'dropToken', target: 'authenticating' },
        { target: 'persisting' },
      ],
    },
    authenticating: {
      entry: { type: 'startApiCall', params: { call: 'authenticate' } },
      exit: 'cancelApiCall',
      on: {
        'api.authenticated': { target: 'reportingInstalling' },
        'api.failed': { actions: ['keepResult', failure], target: DISPATCH },
      },
    },
    // Re-checks the deployment after authenticating: a 409 means aborted.
    reportingInstalling: {
      invoke: { src: 'statusReport', input: report('installing') },
      on: {
        'status.reported': [
          {
            guard: 'reportWasAborted',
            actions: ['keepResult', 'logAborted', failure],
            target: DISPATCH,
          },
          {
            guard: 'reportStopsState',
            actions: ['keepResult', failure],
            target: DISPATCH,
          },
          { target: 'persisting' },
        ],
      },
    },
    persisting: {
      always: [
        {
          guard: 'writesNameBeforeCommit',
          actions: [
            'persistCommittedArtifact',
            { type: 'setResult', params: { result: MenderResult.OK } },
          ],
          target: 'checkingCallback',
        },
        {
          actions: { type: 'setResult', params: { result: MenderResult.OK } },
          target: 'checkingCallback',
        },
      ],
    },
    checkingCallback: {
      always: [
        { guard: hasCallback('COMMIT'), target: 'calling' },
        { target: 'committed' },
      ],
    },
    calling: {
      invoke: { src: 'moduleCallback', input: callback('COMMIT') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'committed' } },
    },
    committed: {
      always: [
        { guard: not('retIsOk'), actions: failure, target: DISPATCH },
        { actions: 'completeCommit', target: 'reportingSuccess' },
      ],
    },
    // The result of the success report is ignored (client.c).
    reportingSuccess: {
      invoke: { src: 'statusReport', input: report('success') },
      on: { 'status.reported': { actions: success, target: DISPATCH } },
    },
    reportingNoData: {
      invoke: { src: 'statusReport', input: report('failure') },
      on: { 'status.reported': { actions: finishRun(MenderResult.FAIL), target: EXIT } },
    },
  },
});

const CLEANUP = clientSetup.createStateConfig({
  initial: 'checking',
  states: {
    checking: {
      always: [
        // Without a module (download failed) the state counts as failed.
        {
          guard: not('moduleIsKnown'),
          actions: { type: 'setResult', params: { result: MenderResult.FAIL } },
          target: 'deciding',
        },
        { guard: hasCallback('CLEANUP'), target: 'calling' },
        { target: 'deciding' },
      ],
    },
    calling: {
      invoke: { src: 'moduleCallback', input: callback('CLEANUP') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'deciding' } },
    },
    deciding: {
      always: [
        {
          guard: 'retIsOk',
          actions: ['markCleanupSucceeded', success],
          target: DISPATCH,
        },
        { actions: failure, target: DISPATCH },
      ],
    },
  },
});

const ROLLBACK = clientSetup.createStateConfig({
  initial: 'checking',
  states: {
    checking: {
      always: [
        {
          guard: not('moduleSupportsRollback'),
          actions: 'warnNoRollback',
          target: 'deciding',
        },
        { guard: hasCallback('ROLLBACK'), target: 'calling' },
        { target: 'deciding' },
      ],
    },
    calling: {
      invoke: { src: 'moduleCallback', input: callback('ROLLBACK') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'deciding' } },
    },
    deciding: { always: decideByResult },
  },
});

const ROLLBACK_REBOOT = clientSetup.createStateConfig({
  initial: 'preStoring',
  states: {
    preStoring: {
      entry: { type: 'preStore', params: { state: 'ROLLBACK_VERIFY_REBOOT' } },
      always: [
        { guard: 'preStoreHitLoop', actions: 'loopToFailure', target: DISPATCH },
        { target: 'calling' },
      ],
    },
    // Called without a NULL check in client.c; registration makes sure it exists.
    calling: {
      invoke: { src: 'moduleCallback', input: callback('ROLLBACK_REBOOT') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'returned' } },
    },
    returned: {
      always: [
        { guard: 'retIsOk', actions: 'enterPendingReboot', target: EXIT },
        { actions: failure, target: DISPATCH },
      ],
    },
  },
});

const FAILURE = clientSetup.createStateConfig({
  initial: 'reporting',
  states: {
    reporting: {
      invoke: { src: 'statusReport', input: report('failure') },
      on: { 'status.reported': { actions: 'keepResult', target: 'checking' } },
    },
    checking: {
      always: [
        { guard: hasCallback('FAILURE'), target: 'calling' },
        { target: 'deciding' },
      ],
    },
    calling: {
      invoke: { src: 'moduleCallback', input: callback('FAILURE') },
      on: { 'callback.returned': { actions: 'keepResult', target: 'deciding' } },
    },
    deciding: { always: decideByResult },
  },
});

const END = clientSetup.createStateConfig({
  entry: ['endDeployment', finishRun(MenderResult.OK)],
  always: EXIT,
});

const dispatchTo = (state: keyof typeof UPDATE_STATE_NODES) => ({
  guard: { type: 'updateStateIs', params: { state } } as const,
  target: state,
});

const UPDATE_STATE_NODES = {
  DOWNLOAD,
  INSTALL,
  REBOOT,
  VERIFY_REBOOT: callbackOnlyState('VERIFY_REBOOT'),
  COMMIT,
  CLEANUP,
  ROLLBACK,
  ROLLBACK_REBOOT,
  ROLLBACK_VERIFY_REBOOT: callbackOnlyState('ROLLBACK_VERIFY_REBOOT'),
  FAILURE,
  END,
};

/**
 * The update work of one main-work run: resume a stored deployment or check
 * for a new one, then run the update loop until it leaves.
 */
export const updateLoop = clientSetup.createStateConfig({
  initial: 'starting',
  exit: 'leaveUpdateLoop',
  states: {
    starting: {
      always: [
        { guard: 'hasStoredDeployment', target: 'resuming' },
        { actions: 'announceDownload', target: 'DOWNLOAD' },
      ],
    },
    resuming: {
      entry: 'resumeDeployment',
      always: [
        { guard: 'resumedInEnd', target: 'END' },
        { guard: 'storedModuleMissing', target: 'unknownModule' },
        {
          guard: 'spontaneousRebootDetected',
          actions: 'failSpontaneously',
          target: 'dispatch',
        },
        { target: 'dispatch' },
      ],
    },
    unknownModule: {
      entry: 'logUnknownModule',
      invoke: { src: 'statusReport', input: report('failure') },
      on: {
        'status.reported': {
          actions: ['deleteDeploymentData', finishRun(MenderResult.FAIL)],
          target: 'exit',
        },
      },
    },
    dispatch: {
      id: 'updateDispatch',
      always: [
        dispatchTo('INSTALL'),
        dispatchTo('REBOOT'),
        dispatchTo('VERIFY_REBOOT'),
        dispatchTo('COMMIT'),
        dispatchTo('CLEANUP'),
        dispatchTo('ROLLBACK'),
        dispatchTo('ROLLBACK_REBOOT'),
        dispatchTo('ROLLBACK_VERIFY_REBOOT'),
        dispatchTo('FAILURE'),
        dispatchTo('END'),
        dispatchTo('DOWNLOAD'),
      ],
    },
    ...UPDATE_STATE_NODES,
    exit: { id: 'updateExit', type: 'final' },
  },
});
