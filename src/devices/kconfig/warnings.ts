import type { ForeignAssignment, KconfigAssignment } from './assignments.ts';
import { kconfigChoice, kconfigOption } from './catalog/index.ts';
import { describeOrigin, type AssignmentOrigin } from './errors.ts';
import type { ResolvedOption } from './resolve.ts';
import type { KconfigValue } from './types.ts';

export type KconfigWarningCode =
  /** An assignment Kconfig accepts but that does not change the value (Zephyr warns too). */
  | 'ASSIGNMENT_IGNORED'
  /** A CONFIG_MENDER_* line for a symbol the client does not define (an app symbol?). */
  | 'NOT_A_CLIENT_OPTION'
  /** Deployment checks more often than the tier default (fair use on hosted Mender). */
  | 'POLL_BELOW_TIER_DEFAULT'
  /** Inventory pushes more often than the tier default. */
  | 'INVENTORY_BELOW_TIER_DEFAULT'
  /** Inventory interval 0: documented as "off", but the real scheduler asserts on it. */
  | 'INVENTORY_INTERVAL_ZERO';

/** Something the user should know about a configuration; never fatal. */
export interface KconfigWarning {
  readonly code: KconfigWarningCode;
  readonly message: string;
  readonly symbol?: string;
  readonly origin?: AssignmentOrigin;
}

interface WarningContext {
  readonly assignments: readonly KconfigAssignment[];
  readonly foreign: readonly ForeignAssignment[];
  readonly options: ReadonlyMap<string, ResolvedOption>;
  readonly choices: ReadonlyMap<string, string | undefined>;
  readonly holds: (condition: string | undefined) => boolean;
}

function shown(value: KconfigValue | undefined): string {
  if (value === undefined) return 'no value';
  if (typeof value === 'boolean') return value ? 'y' : 'n';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function reasonIgnored(option: ResolvedOption, context: WarningContext): string {
  const { spec } = option;
  if (option.source === 'selected') {
    return 'another enabled option selects it, which forces it on';
  }
  if (!option.active) {
    const unmet = spec.dependsOn.filter((condition) => !context.holds(condition));
    return `it only exists when ${unmet.join(' && ')}`;
  }
  if (!spec.settable) {
    const choice = kconfigChoice(spec.name);
    const members = choice?.members.map((member) => `CONFIG_${member}=y`).join(' or ');
    return members === undefined
      ? 'it has no prompt, so Kconfig ignores assignments to it'
      : `it has no prompt and follows its choice; set ${members} instead`;
  }
  if (!context.holds(spec.settableIf)) {
    return `it can only be set when ${spec.settableIf ?? ''}`;
  }
  // Kconfig keeps a choice's pick when its member is set to n; only another pick moves it.
  return `it stays picked in ${spec.choice ?? 'its choice'} until another member is set to y`;
}

/**
 * Zephyr's check after merging fragments: every assignment whose symbol did
 * not end up with the assigned value is reported, with the reason and the
 * value it got.
 */
export function ignoredAssignmentWarnings(context: WarningContext): KconfigWarning[] {
  const warnings: KconfigWarning[] = [];
  const last = new Map<string, KconfigAssignment>();
  for (const assignment of context.assignments) last.set(assignment.symbol, assignment);

  for (const assignment of last.values()) {
    const option = context.options.get(assignment.symbol);
    if (option === undefined || option.value === assignment.value) continue;
    // A member set to y and then replaced by a later pick in the same choice is no surprise.
    const choiceName = option.spec.choice;
    if (choiceName !== undefined && assignment.value === true) {
      const pickedLater = context.assignments.some(
        (other) =>
          other.value === true &&
          other !== assignment &&
          kconfigOption(other.symbol)?.choice === choiceName &&
          context.assignments.indexOf(other) > context.assignments.indexOf(assignment),
      );
      if (pickedLater) continue;
    }
    warnings.push({
      code: 'ASSIGNMENT_IGNORED',
      symbol: assignment.symbol,
      origin: assignment.origin,
      message:
        `CONFIG_${assignment.symbol}=${shown(assignment.value)} at ` +
        `${describeOrigin(assignment.origin)} has no effect: ` +
        `${reasonIgnored(option, context)}. It is ${shown(option.value)}.`,
    });
  }

  for (const assignment of context.foreign) {
    if (!assignment.symbol.startsWith('MENDER_')) continue;
    warnings.push({
      code: 'NOT_A_CLIENT_OPTION',
      symbol: assignment.symbol,
      origin: assignment.origin,
      message:
        `CONFIG_${assignment.symbol} at ${describeOrigin(assignment.origin)} is not ` +
        'an option of the Mender MCU client; it is kept as an application option ' +
        'and does not change the simulated client.',
    });
  }
  return warnings;
}
