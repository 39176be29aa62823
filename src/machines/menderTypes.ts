/**
 * The vocabulary of mender-mcu 1.0: result codes, client states, the ten
 * persisted update states and the table of their successors
 * (reference §0, §1.1, §1.2).
 */

/** The C client's `mender_err_t`; "is error" means a negative value. */
export const MenderResult = {
  DONE: 1,
  OK: 0,
  FAIL: -1,
  NOT_FOUND: -2,
  NOT_IMPLEMENTED: -3,
  LOOP_DETECTED: -4,
  LOCK_FAILED: -5,
  ABORTED: -6,
  RETRY_ERROR: -7,
} as const;
export type MenderResult = (typeof MenderResult)[keyof typeof MenderResult];

export function isError(result: MenderResult): boolean {
  return result < 0;
}

/** The client (outer) states, held in RAM only. */
export type ClientState = 'INITIALIZATION' | 'OPERATIONAL' | 'PENDING_REBOOT';

/**
 * The update states in enum order: the index is the integer stored in the
 * deployment data record.
 */
export const UPDATE_STATES = [
  'DOWNLOAD',
  'INSTALL',
  'REBOOT',
  'VERIFY_REBOOT',
  'COMMIT',
  'CLEANUP',
  'ROLLBACK',
  'ROLLBACK_REBOOT',
  'ROLLBACK_VERIFY_REBOOT',
  'FAILURE',
  'END',
] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

/** The states that have a callback slot in an update module (END has none). */
export type CallbackState = Exclude<UpdateState, 'END'>;

export function updateStateNumber(state: UpdateState): number {
  return UPDATE_STATES.indexOf(state);
}

export function updateStateFromNumber(value: number): UpdateState | undefined {
  return UPDATE_STATES[value];
}

interface Successors {
  readonly success: UpdateState;
  readonly failure: UpdateState;
}

/** The static success/failure table of client.c, before the no-reboot override. */
export const SUCCESSORS: Readonly<Record<CallbackState, Successors>> = {
  DOWNLOAD: { success: 'INSTALL', failure: 'CLEANUP' },
  INSTALL: { success: 'REBOOT', failure: 'FAILURE' },
  REBOOT: { success: 'VERIFY_REBOOT', failure: 'ROLLBACK' },
  VERIFY_REBOOT: { success: 'COMMIT', failure: 'ROLLBACK' },
  COMMIT: { success: 'CLEANUP', failure: 'ROLLBACK' },
  CLEANUP: { success: 'END', failure: 'END' },
  ROLLBACK: { success: 'ROLLBACK_REBOOT', failure: 'FAILURE' },
  ROLLBACK_REBOOT: {
    success: 'ROLLBACK_VERIFY_REBOOT',
    failure: 'ROLLBACK_VERIFY_REBOOT',
  },
  ROLLBACK_VERIFY_REBOOT: { success: 'FAILURE', failure: 'ROLLBACK_REBOOT' },
  FAILURE: { success: 'CLEANUP', failure: 'CLEANUP' },
};

/** The only statuses the client ever reports (utils.c). */
export type DeploymentStatus =
  'downloading' | 'installing' | 'rebooting' | 'success' | 'failure';

/** Short names used by the integration-test traces (reference §1.6). */
export const TRACE_ABBREVIATIONS: Readonly<Record<ClientState | UpdateState, string>> = {
  INITIALIZATION: 'INIT',
  OPERATIONAL: 'OP',
  PENDING_REBOOT: 'PR',
  DOWNLOAD: 'DL',
  INSTALL: 'INST',
  REBOOT: 'RB',
  VERIFY_REBOOT: 'VRB',
  COMMIT: 'COM',
  CLEANUP: 'CLN',
  ROLLBACK: 'RBK',
  ROLLBACK_REBOOT: 'RRB',
  ROLLBACK_VERIFY_REBOOT: 'RVR',
  FAILURE: 'FAIL',
  END: 'END',
};
