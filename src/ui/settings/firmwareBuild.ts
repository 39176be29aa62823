import {
  KconfigError,
  formatPrjConf,
  parsePrjConf,
  prjConfChangesFromForm,
  prjConfFromChanges,
  resolveClientSettings,
  updatePrjConf,
  type DeviceKconfig,
  type KconfigValue,
} from '../../devices/kconfig/index.ts';
import type {
  DeviceOverride,
  FleetGroup,
  ModuleChoiceInput,
  RestartChoice,
  Scenario,
} from '../../fleet/index.ts';

/** What the settings form edits: one firmware build of a group or of one device. */
export interface FirmwareBuild {
  /** The whole Kconfig as one prj.conf text (the group's fragments and options merged). */
  readonly prjConf: string;
  readonly modules: readonly ModuleChoiceInput[];
  readonly restart: RestartChoice;
}

/**
 * A group's Kconfig as one prj.conf: its fragments in order, then its form
 * options written over them (a set option replaces the line in force).
 */
export function prjConfTextOf(kconfig: FleetGroup['kconfig']): string {
  const fragments = kconfig.prjConf ?? [];
  const changes = prjConfChangesFromForm(kconfig.options ?? {});
  if (fragments.length === 0)
    return formatPrjConf(prjConfFromChanges('prj.conf', changes));
  const merged = parsePrjConf(fragments.join('\n'), 'prj.conf');
  if (changes.length === 0) return formatPrjConf(merged);
  return formatPrjConf(updatePrjConf(merged, changes));
}

/** The build a fleet device runs now, as the form starts from. */
export function buildOf(group: FleetGroup): FirmwareBuild {
  return {
    prjConf: prjConfTextOf(group.kconfig),
    modules: group.modules,
    restart: group.restart,
  };
}

/** The shorthands a group applies after its Kconfig (device type, tenant token). */
function shorthands(group: FleetGroup): Record<string, KconfigValue> {
  const form: Record<string, KconfigValue> = {};
  if (group.deviceType !== undefined) form['MENDER_DEVICE_TYPE'] = group.deviceType;
  if (group.tenantToken !== undefined)
    form['MENDER_SERVER_TENANT_TOKEN'] = group.tenantToken;
  return form;
}

export type PrjConfCheck =
  | { readonly ok: true; readonly kconfig: DeviceKconfig }
  | { readonly ok: false; readonly message: string };

/**
 * Reads and resolves a prj.conf as the device would be built from it. A bad
 * line (syntax, type, range) is a message naming the file and line.
 */
export function checkPrjConf(
  text: string,
  fileName: string,
  group: FleetGroup,
): PrjConfCheck {
  try {
    const fragment = parsePrjConf(text, fileName);
    const kconfig = resolveClientSettings({
      board: group.board,
      fragments: [fragment],
      form: shorthands(group),
      formSource: `the group's shorthands (deviceType, tenantToken)`,
    });
    return { ok: true, kconfig };
  } catch (error) {
    if (error instanceof KconfigError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Sets one option in the prj.conf text (the form's quick fields). */
export function setOption(text: string, symbol: string, value: KconfigValue): string {
  const fragment = parsePrjConf(text, 'prj.conf');
  return formatPrjConf(
    updatePrjConf(fragment, prjConfChangesFromForm({ [symbol]: value })),
  );
}

function overrideFrom(build: FirmwareBuild): DeviceOverride {
  return {
    kconfig: { prjConf: [build.prjConf] },
    modules: [...build.modules],
    restart: build.restart,
  };
}

/**
 * The scenario with a new build for a whole group (device number null,
 * which also drops the group's device overrides) or for one device of it.
 */
export function scenarioWithBuild(
  scenario: Scenario,
  groupName: string,
  deviceNumber: number | null,
  build: FirmwareBuild,
): Scenario {
  return {
    ...scenario,
    fleet: scenario.fleet.map((group) => {
      if (group.name !== groupName) return group;
      if (deviceNumber === null) {
        const { overrides: _dropped, ...rest } = group;
        return {
          ...rest,
          kconfig: { prjConf: [build.prjConf] },
          modules: [...build.modules],
          restart: build.restart,
        };
      }
      return {
        ...group,
        overrides: { ...group.overrides, [String(deviceNumber)]: overrideFrom(build) },
      };
    }),
  };
}
