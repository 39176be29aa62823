/** The Kconfig value types the client's options use (`tristate` never appears). */
export type KconfigType = 'bool' | 'int' | 'hex' | 'string';

/** A value as the simulator holds it: bools as booleans, int and hex as numbers. */
export type KconfigValue = boolean | number | string;

/** The two device tiers hosted Mender knows; the client sends one at authentication. */
export type DeviceTier = 'micro' | 'standard';

/**
 * What a `default` line gives: a literal, or the value of another symbol
 * (`default MENDER_CLIENT_UPDATE_POLL_INTERVAL_DEFAULT`, `default BOARD`).
 */
export type KconfigDefaultValue = KconfigValue | { readonly symbol: string };

/** One `default` line; the first whose condition holds wins, as in Kconfig. */
export interface KconfigDefault {
  readonly value: KconfigDefaultValue;
  /** A Kconfig expression such as `MENDER_DEVICE_TIER_MICRO`; absent means always. */
  readonly if?: string;
}

/** One `range` line for an int or hex option, bounds included. */
export interface KconfigRange {
  readonly min: number;
  readonly max: number;
  readonly if?: string;
}

/** One `select` line: while the selecting bool is y, the target is forced to y. */
export interface KconfigSelect {
  readonly symbol: string;
  readonly if?: string;
}

/**
 * Where the option sits in menuconfig, used to group the app's form. Our own
 * names for the real menus.
 */
export type KconfigGroup =
  | 'client'
  | 'general'
  | 'logging'
  | 'inventory'
  | 'update-modules'
  | 'artifact-generation'
  | 'platform'
  | 'memory'
  | 'network'
  | 'scheduler'
  | 'storage'
  | 'optional'
  | 'error-recovery';

/**
 * Whether the option changes what the simulated device does at run time, or
 * only how the firmware or its artifact is built (heap sizes, stack sizes,
 * platform back ends, mender-artifact arguments).
 */
export type KconfigScope = 'runtime' | 'build';

/** One symbol of the client's Kconfig, described from the real file. */
export interface KconfigOptionSpec {
  readonly name: string;
  readonly type: KconfigType;
  /** What it does, in our words (the help text of the real file is not copied). */
  readonly summary: string;
  readonly group: KconfigGroup;
  readonly scope: KconfigScope;
  /**
   * Whether a prj.conf line or the form can set it. Symbols without a prompt
   * (the tier-derived defaults, `MENDER_DEVICE_TIER`) ignore assignments.
   */
  readonly settable: boolean;
  /** When the prompt itself is conditional (`string "…" if MENDER_SERVER_HOST_ON_PREM`). */
  readonly settableIf?: string;
  /** Every condition that must hold for the symbol to exist, enclosing `if`s included. */
  readonly dependsOn: readonly string[];
  readonly defaults: readonly KconfigDefault[];
  readonly ranges: readonly KconfigRange[];
  /** Selects of other client symbols (selects of Zephyr symbols are left out). */
  readonly selects: readonly KconfigSelect[];
  /** The choice this bool is a member of, if any. */
  readonly choice?: string;
  /**
   * Symbols that do not appear in the mender-mcu Kconfig itself but come from
   * a Zephyr template it sources (the log level).
   */
  readonly origin?: 'zephyr-log-template';
}

/** A `choice` block: exactly one member bool is y while the choice is active. */
export interface KconfigChoiceSpec {
  readonly name: string;
  readonly summary: string;
  readonly group: KconfigGroup;
  readonly scope: KconfigScope;
  readonly members: readonly string[];
  /** Member picked when no assignment picks one: the first whose condition holds. */
  readonly defaults: readonly { readonly member: string; readonly if?: string }[];
  readonly dependsOn: readonly string[];
  readonly origin?: 'zephyr-log-template';
}
