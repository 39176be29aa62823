import {
  MenderResult,
  type CallbackOutcome,
  type UpdateCallback,
  type UpdateModule,
} from '../../machines/updateModule.ts';
import { UPDATE_STATES, type CallbackState } from '../../machines/menderTypes.ts';

/** How one callback of a described module behaves. */
export interface CallbackBehaviour {
  /** @default 'ok' */
  readonly result?: 'ok' | 'fail';
  /** Virtual time the callback takes. @default 0 */
  readonly durationMs?: number;
}

/**
 * An update module described as data, so the app and scenario files can
 * offer user-defined modules: which callbacks exist (a missing key is a NULL
 * slot), and whether each succeeds or fails and how long it takes.
 */
export interface ModuleDescription {
  readonly artifactType: string;
  readonly requiresReboot: boolean;
  readonly supportsRollback: boolean;
  readonly callbacks: Readonly<Partial<Record<CallbackState, CallbackBehaviour>>>;
}

function behave(behaviour: CallbackBehaviour): CallbackOutcome {
  const result = behaviour.result === 'fail' ? MenderResult.FAIL : MenderResult.OK;
  const durationMs = behaviour.durationMs ?? 0;
  return durationMs === 0 ? result : { result, durationMs };
}

/** Builds the module a description stands for. */
export function createDescribedModule(description: ModuleDescription): UpdateModule {
  const callbacks: Partial<Record<CallbackState, UpdateCallback>> = {};
  for (const [state, behaviour] of Object.entries(description.callbacks) as [
    CallbackState,
    CallbackBehaviour,
  ][]) {
    if (state === 'DOWNLOAD') {
      // Called per block: the outcome and duration apply to the last block.
      callbacks.DOWNLOAD = (_state, chunk) => {
        const last = chunk !== null && chunk.offset + chunk.data.length >= chunk.size;
        return last ? behave(behaviour) : MenderResult.OK;
      };
    } else {
      callbacks[state] = () => behave(behaviour);
    }
  }
  return {
    artifactType: description.artifactType,
    requiresReboot: description.requiresReboot,
    supportsRollback: description.supportsRollback,
    callbacks,
  };
}

/** Every update state a module can implement: all but END. */
const ALL_CALLBACK_STATES = UPDATE_STATES.filter(
  (state): state is CallbackState => state !== 'END',
);

export interface TestUpdateOptions {
  readonly requiresReboot: boolean;
  readonly supportsRollback: boolean;
  /** Per-state behaviour; states not named succeed at once. */
  readonly behaviour?: Readonly<Partial<Record<CallbackState, CallbackBehaviour>>>;
}

/**
 * The integration tests' `test-update` module: every callback present and
 * OK unless the test makes it fail (or take time).
 */
export function testUpdateDescription(options: TestUpdateOptions): ModuleDescription {
  const callbacks: Partial<Record<CallbackState, CallbackBehaviour>> = {};
  for (const state of ALL_CALLBACK_STATES)
    callbacks[state] = options.behaviour?.[state] ?? {};
  return {
    artifactType: 'test-update',
    requiresReboot: options.requiresReboot,
    supportsRollback: options.supportsRollback,
    callbacks,
  };
}

/** The reference app's `noop-update` module (native_sim). */
export const NOOP_UPDATE: ModuleDescription = {
  artifactType: 'noop-update',
  requiresReboot: false,
  supportsRollback: false,
  callbacks: { DOWNLOAD: {}, INSTALL: {}, COMMIT: {}, FAILURE: {} },
};
