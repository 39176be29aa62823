import { kconfigOption } from './catalog/index.ts';
import { KconfigError, type AssignmentOrigin } from './errors.ts';
import type { PrjConfChange, PrjConfFragment, PrjConfValue } from './prjconf.ts';
import { plainValueOf } from './prjconf.ts';
import type { KconfigOptionSpec, KconfigType, KconfigValue } from './types.ts';

/** A typed value for one of the client's options, with where it was set. */
export interface KconfigAssignment {
  readonly symbol: string;
  readonly value: KconfigValue;
  readonly origin: AssignmentOrigin;
}

/**
 * A line for a symbol that is not the client's (CONFIG_NET_*, CONFIG_MBEDTLS_*,
 * or an application's own MENDER_APP_* symbol). Kept so that the app can
 * show and write it back; only the few Zephyr symbols the client's Kconfig
 * reads (LOG, MODEM_CELLULAR…) take part in resolving.
 */
export interface ForeignAssignment {
  readonly symbol: string;
  readonly value: KconfigValue;
  readonly origin: AssignmentOrigin;
}

/** Every assignment of a list of fragments, in order, split into the client's and others. */
export interface FragmentAssignments {
  readonly client: readonly KconfigAssignment[];
  readonly foreign: readonly ForeignAssignment[];
}

const ARTICLES: Record<KconfigType, string> = {
  bool: 'a bool',
  int: 'an int',
  hex: 'a hex',
  string: 'a string',
};

const EXAMPLES: Record<KconfigType, string> = {
  bool: 'y (or n)',
  int: 'a whole number such as 30',
  hex: 'a hexadecimal number such as 0x1000',
  string: 'a quoted string such as "text"',
};

function wrongType(
  spec: KconfigOptionSpec,
  shown: string,
  origin: AssignmentOrigin,
): KconfigError {
  const where =
    origin.line === undefined ? origin.source : `${origin.source} line ${origin.line}`;
  return new KconfigError(
    'WRONG_TYPE',
    `Failed to read ${where}: CONFIG_${spec.name} is ${ARTICLES[spec.type]} option and ` +
      `cannot be ${shown}. Write ${EXAMPLES[spec.type]}.`,
    origin,
    spec.name,
  );
}

function typedLineValue(
  spec: KconfigOptionSpec,
  value: PrjConfValue,
  origin: AssignmentOrigin,
): KconfigValue {
  if (value.kind === spec.type) return value.value;
  const shown =
    value.kind === 'raw' ? `"${value.text}"` : `${value.kind} ${describe(value)}`;
  throw wrongType(spec, shown, origin);
}

function describe(value: PrjConfValue): string {
  switch (value.kind) {
    case 'bool':
      return value.value ? 'y' : 'n';
    case 'string':
      return JSON.stringify(value.value);
    case 'raw':
      return value.text;
    default:
      return String(value.value);
  }
}

/**
 * Splits the fragments' lines into typed client assignments and foreign
 * ones, keeping their order (later lines win when resolved).
 *
 * @throws KconfigError `WRONG_TYPE` naming the fragment and line
 */
export function assignmentsFromFragments(
  fragments: readonly PrjConfFragment[],
): FragmentAssignments {
  const client: KconfigAssignment[] = [];
  const foreign: ForeignAssignment[] = [];

  for (const fragment of fragments) {
    for (const line of fragment.lines) {
      if (line.kind !== 'assignment') continue;
      const origin = { source: fragment.name, line: line.line };
      const spec = kconfigOption(line.symbol);
      if (spec === undefined) {
        foreign.push({ symbol: line.symbol, value: plainValueOf(line.value), origin });
        continue;
      }
      client.push({
        symbol: spec.name,
        value: typedLineValue(spec, line.value, origin),
        origin,
      });
    }
  }
  return { client, foreign };
}

function formValueMatches(type: KconfigType, value: KconfigValue): boolean {
  switch (type) {
    case 'bool':
      return typeof value === 'boolean';
    case 'int':
    case 'hex':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'string':
      return typeof value === 'string';
  }
}

/**
 * Typed assignments from the app's form or a scenario file. Keys are option
 * names with or without `CONFIG_`.
 *
 * @param source how messages name the input, e.g. `form` or `scenario fleet[0].kconfig`
 * @throws KconfigError `UNKNOWN_OPTION` or `WRONG_TYPE` naming the key
 */
export function assignmentsFromForm(
  values: Readonly<Record<string, KconfigValue>>,
  source = 'form',
): KconfigAssignment[] {
  return Object.entries(values).map(([key, value]) => {
    const name = key.startsWith('CONFIG_') ? key.slice('CONFIG_'.length) : key;
    const origin = { source };
    const spec = kconfigOption(name);
    if (spec === undefined) {
      throw new KconfigError(
        'UNKNOWN_OPTION',
        `Failed to read ${source}: ${name} is not an option of the Mender MCU client. ` +
          'Check the spelling against the option list, or put other Zephyr options ' +
          'in a prj.conf fragment.',
        origin,
        name,
      );
    }
    if (!formValueMatches(spec.type, value)) {
      throw wrongType(spec, `${typeof value} ${JSON.stringify(value)}`, origin);
    }
    return { symbol: name, value, origin };
  });
}

/**
 * The form's values as prj.conf changes, checked like {@link assignmentsFromForm},
 * for writing a user's settings into a fragment with updatePrjConf.
 *
 * @example
 * const text = formatPrjConf(updatePrjConf(fragment, prjConfChangesFromForm(form)));
 */
export function prjConfChangesFromForm(
  values: Readonly<Record<string, KconfigValue>>,
  source = 'form',
): PrjConfChange[] {
  return assignmentsFromForm(values, source).map((assignment) => ({
    symbol: assignment.symbol,
    type: kconfigOption(assignment.symbol)?.type ?? 'string',
    value: assignment.value,
  }));
}
