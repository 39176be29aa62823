import type {
  KconfigChoiceSpec,
  KconfigDefault,
  KconfigGroup,
  KconfigOptionSpec,
  KconfigRange,
  KconfigScope,
  KconfigSelect,
  KconfigType,
} from '../types.ts';

/** Every client option sits inside `if MENDER_MCU_CLIENT` in the real file. */
export const UNDER_CLIENT = 'MENDER_MCU_CLIENT';

interface OptionInput {
  readonly type: KconfigType;
  readonly summary: string;
  readonly scope: KconfigScope;
  readonly dependsOn: readonly string[];
  /** @default true */
  readonly settable?: boolean;
  readonly settableIf?: string;
  readonly defaults?: readonly KconfigDefault[];
  readonly ranges?: readonly KconfigRange[];
  readonly selects?: readonly KconfigSelect[];
  readonly choice?: string;
  readonly origin?: 'zephyr-log-template';
}

/** Fills the empty lists so that the catalog lists only what each option has. */
export function defineOptions(
  group: KconfigGroup,
  entries: Record<string, OptionInput>,
): KconfigOptionSpec[] {
  return Object.entries(entries).map(([name, input]) => ({
    name,
    group,
    type: input.type,
    summary: input.summary,
    scope: input.scope,
    settable: input.settable ?? true,
    ...(input.settableIf === undefined ? {} : { settableIf: input.settableIf }),
    dependsOn: input.dependsOn,
    defaults: input.defaults ?? [],
    ranges: input.ranges ?? [],
    selects: input.selects ?? [],
    ...(input.choice === undefined ? {} : { choice: input.choice }),
    ...(input.origin === undefined ? {} : { origin: input.origin }),
  }));
}

/**
 * The member bools of a choice: settable, no defaults of their own (the
 * choice picks), the choice's dependencies.
 */
export function choiceMembers(
  choice: KconfigChoiceSpec,
  summaries: Record<string, string>,
  extra: Record<string, { selects?: readonly KconfigSelect[] }> = {},
): KconfigOptionSpec[] {
  return choice.members.map((name) => ({
    name,
    group: choice.group,
    type: 'bool',
    summary: summaries[name] ?? `Picks ${name} in ${choice.name}.`,
    scope: choice.scope,
    settable: true,
    dependsOn: choice.dependsOn,
    defaults: [],
    ranges: [],
    selects: extra[name]?.selects ?? [],
    choice: choice.name,
    ...(choice.origin === undefined ? {} : { origin: choice.origin }),
  }));
}
