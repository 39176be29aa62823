/** What went wrong, for callers (the app, the scenario loader) that branch on it. */
export type KconfigErrorCode =
  /** A prj.conf line that is neither a comment, a blank line nor CONFIG_X=value. */
  | 'SYNTAX'
  /** A value of the wrong kind for the option (text for an int, 1 for a bool…). */
  | 'WRONG_TYPE'
  /** A number outside the option's range. */
  | 'OUT_OF_RANGE'
  /** A form or scenario key that is no option of the client. */
  | 'UNKNOWN_OPTION'
  /** A malformed Kconfig expression. */
  | 'EXPRESSION'
  /** A Kconfig file construct the reader does not handle. */
  | 'KCONFIG_SOURCE'
  /** CONFIG_MENDER_MCU_CLIENT is off, so there is no client to simulate. */
  | 'CLIENT_DISABLED'
  /** A value the real client refuses at start-up (empty device type, host ending in /). */
  | 'CLIENT_INIT_REFUSED';

/** Where an assignment came from: a prj.conf fragment and line, or the form. */
export interface AssignmentOrigin {
  /** The fragment's name as the user knows it (`prj.conf`, `boards/x.conf`) or `form`. */
  readonly source: string;
  /** 1-based line in the fragment; absent for the form. */
  readonly line?: number;
}

/** Describes an origin the way messages mention it: `prj.conf line 12`. */
export function describeOrigin(origin: AssignmentOrigin): string {
  return origin.line === undefined
    ? origin.source
    : `${origin.source} line ${origin.line}`;
}

/** A configuration the simulator cannot use, with the place and the fix in the message. */
export class KconfigError extends Error {
  override readonly name = 'KconfigError';

  constructor(
    readonly code: KconfigErrorCode,
    message: string,
    readonly origin?: AssignmentOrigin,
    readonly symbol?: string,
  ) {
    super(message);
  }
}
