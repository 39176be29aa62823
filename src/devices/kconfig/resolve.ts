import {
  assignmentsFromForm,
  assignmentsFromFragments,
  type ForeignAssignment,
  type KconfigAssignment,
} from './assignments.ts';
import {
  KCONFIG_CHOICES,
  KCONFIG_OPTIONS,
  ZEPHYR_SYMBOL_DEFAULTS,
  kconfigChoice,
  kconfigOption,
} from './catalog/index.ts';
import { KconfigError, describeOrigin, type AssignmentOrigin } from './errors.ts';
import { evaluateExpression, expressionOf } from './expression.ts';
import type { PrjConfFragment } from './prjconf.ts';
import type {
  KconfigChoiceSpec,
  KconfigDefaultValue,
  KconfigOptionSpec,
  KconfigType,
  KconfigValue,
} from './types.ts';
import { ignoredAssignmentWarnings, type KconfigWarning } from './warnings.ts';

/** What to resolve: fragments in order, then the form on top. */
export interface KconfigInput {
  /** The Zephyr board name; `MENDER_DEVICE_TYPE` defaults to it. */
  readonly board: string;
  /** prj.conf and board fragments in the order Zephyr applies them (later wins). */
  readonly fragments?: readonly PrjConfFragment[];
  /** Typed values from the app's form or a scenario, applied after every fragment. */
  readonly form?: Readonly<Record<string, KconfigValue>>;
  /** How messages name the form input. @default 'form' */
  readonly formSource?: string;
  /** Values of the Zephyr symbols the client's Kconfig reads; see ZEPHYR_SYMBOL_DEFAULTS. */
  readonly zephyr?: Readonly<Record<string, KconfigValue>>;
}

/** How an option got its value. */
export type ResolvedSource = 'assigned' | 'default' | 'selected' | 'choice' | 'inactive';

export interface ResolvedOption {
  readonly spec: KconfigOptionSpec;
  /**
   * The effective value. Undefined for an int or string whose dependencies
   * are off (the C macro is then not defined at all); false for such a bool.
   */
  readonly value: KconfigValue | undefined;
  /** Whether its dependencies hold, i.e. the symbol exists in this build. */
  readonly active: boolean;
  readonly source: ResolvedSource;
  /** The line or form entry that set it, when `source` is `assigned`. */
  readonly origin?: AssignmentOrigin;
}

/** The effective configuration of one device build. */
export interface ResolvedKconfig {
  readonly board: string;
  readonly options: ReadonlyMap<string, ResolvedOption>;
  /** Each choice's picked member; undefined when the choice itself is off. */
  readonly choices: ReadonlyMap<string, string | undefined>;
  /** Every assignment that reached the resolver, in order. */
  readonly assignments: readonly KconfigAssignment[];
  /** Lines for symbols that are not the client's, in order. */
  readonly foreign: readonly ForeignAssignment[];
  /** Assignments that did not take effect, and similar notes; never fatal. */
  readonly warnings: readonly KconfigWarning[];
}

/** The resolved value of an option by name (without `CONFIG_`). */
export function resolvedValue(
  resolved: ResolvedKconfig,
  name: string,
): KconfigValue | undefined {
  return resolved.options.get(name)?.value;
}

interface Evaluated {
  readonly value: KconfigValue | undefined;
  readonly source: ResolvedSource;
  readonly origin?: AssignmentOrigin;
}

/** Reverse `select` edges: target → the bools that select it. */
const SELECTORS = new Map<string, { selector: string; if?: string }[]>();
for (const option of KCONFIG_OPTIONS) {
  for (const select of option.selects) {
    const list = SELECTORS.get(select.symbol) ?? [];
    list.push({
      selector: option.name,
      ...(select.if === undefined ? {} : { if: select.if }),
    });
    SELECTORS.set(select.symbol, list);
  }
}

/**
 * Evaluates every option the way Kconfig does for this file: dependencies
 * (enclosing `if`s included), `select`, choices, conditional defaults in
 * order, ranges and prompt visibility. One resolver per configuration.
 */
class Resolver {
  private readonly cache = new Map<string, Evaluated>();
  private readonly inProgress = new Set<string>();
  /** The last assignment of each non-choice option. */
  private readonly userValues = new Map<string, KconfigAssignment>();
  /** The last member assigned y in each choice (an `=n` does not undo a pick). */
  private readonly userPicks = new Map<string, KconfigAssignment>();
  private readonly zephyr: Map<string, KconfigValue>;

  constructor(
    private readonly board: string,
    assignments: readonly KconfigAssignment[],
    zephyr: ReadonlyMap<string, KconfigValue>,
  ) {
    this.zephyr = new Map(zephyr);
    for (const assignment of assignments) {
      const spec = kconfigOption(assignment.symbol);
      if (spec?.choice !== undefined) {
        if (assignment.value === true) this.userPicks.set(spec.choice, assignment);
      } else {
        this.userValues.set(assignment.symbol, assignment);
      }
    }
  }

  valueOf = (name: string): KconfigValue | undefined => {
    if (name === 'BOARD') return this.board;
    const spec = kconfigOption(name);
    if (spec === undefined) return this.zephyr.get(name);
    return this.evaluate(spec).value;
  };

  holds(condition: string | undefined): boolean {
    return (
      condition === undefined || evaluateExpression(expressionOf(condition), this.valueOf)
    );
  }

  allHold(conditions: readonly string[]): boolean {
    return conditions.every((condition) => this.holds(condition));
  }

  evaluate(spec: KconfigOptionSpec): Evaluated {
    const cached = this.cache.get(spec.name);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(spec.name)) {
      throw new KconfigError(
        'KCONFIG_SOURCE',
        `Failed to resolve ${spec.name}: its value depends on itself.`,
      );
    }
    this.inProgress.add(spec.name);
    const result = this.compute(spec);
    this.inProgress.delete(spec.name);
    this.cache.set(spec.name, result);
    return result;
  }

  private compute(spec: KconfigOptionSpec): Evaluated {
    const active = this.allHold(spec.dependsOn);
    if (spec.type === 'bool' && this.isSelected(spec.name)) {
      // Kconfig forces a selected bool on even when its own dependencies are off.
      return { value: true, source: 'selected' };
    }
    if (!active)
      return { value: spec.type === 'bool' ? false : undefined, source: 'inactive' };

    if (spec.choice !== undefined) {
      const picked = this.pickOf(spec.choice) === spec.name;
      const user = this.userPicks.get(spec.choice);
      return picked && user?.symbol === spec.name
        ? { value: true, source: 'assigned', origin: user.origin }
        : { value: picked, source: 'choice' };
    }

    const user = this.userValues.get(spec.name);
    if (user !== undefined && spec.settable && this.holds(spec.settableIf)) {
      return { value: user.value, source: 'assigned', origin: user.origin };
    }
    return { value: this.defaultOf(spec), source: 'default' };
  }

  private isSelected(name: string): boolean {
    const selectors = SELECTORS.get(name) ?? [];
    return selectors.some(
      (select) => this.valueOf(select.selector) === true && this.holds(select.if),
    );
  }

  pickOf(choiceName: string): string | undefined {
    const choice = kconfigChoice(choiceName);
    if (choice === undefined || !this.allHold(choice.dependsOn)) return undefined;
    const user = this.userPicks.get(choiceName);
    if (user !== undefined) return user.symbol;
    const fallback = choice.defaults.find((entry) => this.holds(entry.if));
    return fallback?.member ?? choice.members[0];
  }

  private defaultOf(spec: KconfigOptionSpec): KconfigValue | undefined {
    const entry = spec.defaults.find((candidate) => this.holds(candidate.if));
    if (entry !== undefined) {
      const value = convert(spec.type, this.literalOf(entry.value));
      if (value !== undefined) return this.clamp(spec, value);
    }
    if (spec.type === 'bool') return false;
    if (spec.type === 'string') return '';
    // Kconfig gives an int with no usable default the low end of its range.
    return this.activeRange(spec)?.min ?? 0;
  }

  private literalOf(value: KconfigDefaultValue): KconfigValue | undefined {
    return typeof value === 'object' ? this.valueOf(value.symbol) : value;
  }

  activeRange(spec: KconfigOptionSpec): { min: number; max: number } | undefined {
    return spec.ranges.find((range) => this.holds(range.if));
  }

  private clamp(spec: KconfigOptionSpec, value: KconfigValue): KconfigValue {
    const range = this.activeRange(spec);
    if (range === undefined || typeof value !== 'number') return value;
    return Math.min(range.max, Math.max(range.min, value));
  }
}

/** A default taken from another symbol, in the type of the option it feeds. */
function convert(
  type: KconfigType,
  value: KconfigValue | undefined,
): KconfigValue | undefined {
  if (value === undefined) return undefined;
  if (type === 'bool') return value === true;
  if (type === 'string')
    return typeof value === 'boolean' ? (value ? 'y' : 'n') : String(value);
  return typeof value === 'number' ? value : undefined;
}

function checkRanges(
  resolver: Resolver,
  assignments: readonly KconfigAssignment[],
): void {
  for (const assignment of assignments) {
    const spec = kconfigOption(assignment.symbol);
    if (spec === undefined || typeof assignment.value !== 'number') continue;
    const range = resolver.activeRange(spec);
    if (range === undefined) continue;
    if (assignment.value >= range.min && assignment.value <= range.max) continue;
    throw new KconfigError(
      'OUT_OF_RANGE',
      `Failed to read ${describeOrigin(assignment.origin)}: ` +
        `CONFIG_${spec.name}=${assignment.value} is outside its range ` +
        `${range.min}..${range.max}. Use a value from ${range.min} to ${range.max}.`,
      assignment.origin,
      spec.name,
    );
  }
}

function zephyrValues(
  foreign: readonly ForeignAssignment[],
  overrides: Readonly<Record<string, KconfigValue>>,
): Map<string, KconfigValue> {
  const values = new Map<string, KconfigValue>(Object.entries(ZEPHYR_SYMBOL_DEFAULTS));
  for (const assignment of foreign) values.set(assignment.symbol, assignment.value);
  for (const [name, value] of Object.entries(overrides)) values.set(name, value);
  return values;
}

/**
 * A device build is the client, so `MENDER_MCU_CLIENT` counts as set unless a
 * fragment or the form says otherwise (the reference app sets it explicitly).
 */
const CLIENT_IMPLIED: KconfigAssignment = {
  symbol: 'MENDER_MCU_CLIENT',
  value: true,
  origin: { source: 'implied: a simulated device always builds the client' },
};

/**
 * The effective value of every client option for one device build.
 *
 * @example
 * const resolved = resolveKconfig({
 *   board: 'esp32s3_devkitc',
 *   fragments: [parsePrjConf(prjConf, 'prj.conf'), parsePrjConf(board, 'boards/esp32s3_devkitc_procpu.conf')],
 *   form: { MENDER_CLIENT_UPDATE_POLL_INTERVAL: 60 },
 * });
 * @throws KconfigError `WRONG_TYPE`, `OUT_OF_RANGE` or `UNKNOWN_OPTION`, naming the line or key
 */
export function resolveKconfig(input: KconfigInput): ResolvedKconfig {
  const fromFragments = assignmentsFromFragments(input.fragments ?? []);
  const fromForm = assignmentsFromForm(input.form ?? {}, input.formSource ?? 'form');
  const assignments = [CLIENT_IMPLIED, ...fromFragments.client, ...fromForm];
  const zephyr = zephyrValues(fromFragments.foreign, input.zephyr ?? {});

  const resolver = new Resolver(input.board, assignments, zephyr);
  checkRanges(resolver, assignments);

  const options = new Map<string, ResolvedOption>();
  for (const spec of KCONFIG_OPTIONS) {
    const evaluated = resolver.evaluate(spec);
    options.set(spec.name, {
      spec,
      value: evaluated.value,
      active: resolver.allHold(spec.dependsOn),
      source: evaluated.source,
      ...(evaluated.origin === undefined ? {} : { origin: evaluated.origin }),
    });
  }
  const choices = new Map<string, string | undefined>(
    KCONFIG_CHOICES.map((choice: KconfigChoiceSpec) => [
      choice.name,
      resolver.pickOf(choice.name),
    ]),
  );

  const warnings = ignoredAssignmentWarnings({
    assignments: assignments.filter((assignment) => assignment !== CLIENT_IMPLIED),
    foreign: fromFragments.foreign,
    options,
    choices,
    holds: (condition) => resolver.holds(condition),
  });
  return {
    board: input.board,
    options,
    choices,
    assignments,
    foreign: fromFragments.foreign,
    warnings,
  };
}
