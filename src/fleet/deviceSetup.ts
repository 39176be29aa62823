import { macAddressFor } from '../devices/deviceIdentity.ts';
import { createNvsIdentity, type NvsIdentity } from '../devices/identity/index.ts';
import {
  KconfigError,
  machineSettingsFrom,
  parsePrjConf,
  resolveClientSettings,
  type KconfigWarning,
  type KconfigValue,
} from '../devices/kconfig/index.ts';
import { McuBoot } from '../devices/mcuboot.ts';
import {
  NOOP_UPDATE,
  createDescribedModule,
  testUpdateDescription,
} from '../devices/modules/describedModule.ts';
import { createZephyrImageModule } from '../devices/modules/zephyrImage.ts';
import type { ModuleChoice, SimulatedDeviceOptions } from '../devices/simulatedDevice.ts';
import type { ClientSettings } from '../machines/clientSettings.ts';
import type { CallbackState } from '../machines/menderTypes.ts';
import {
  UpdateModuleError,
  UpdateModuleRegistry,
  type UpdateModule,
} from '../machines/updateModule.ts';
import type { SeededRandom } from '../sim/index.ts';
import { ScenarioError, type ScenarioProblem } from './scenarioFile.ts';
import type { FleetGroup, ModuleChoiceInput } from './scenarioSchema.ts';

/** What every device of a group shares: its resolved settings and Kconfig warnings. */
export interface GroupSetup {
  readonly settings: ClientSettings;
  readonly warnings: readonly KconfigWarning[];
  readonly modules: readonly ModuleChoice[];
}

type CallbackTable = Extract<ModuleChoiceInput, { kind: 'test-update' }>['callbacks'];

function behaviourOf(table: CallbackTable) {
  const behaviour: Partial<
    Record<CallbackState, { result: 'ok' | 'fail'; durationMs: number }>
  > = {};
  for (const [state, entry] of Object.entries(table)) {
    if (entry === undefined) continue;
    behaviour[state as CallbackState] = {
      result: entry.result,
      durationMs: entry.durationSeconds * 1000,
    };
  }
  return behaviour;
}

function moduleChoice(input: ModuleChoiceInput): ModuleChoice {
  switch (input.kind) {
    case 'zephyr-image':
      return { kind: 'zephyr-image' };
    case 'noop-update':
      return { kind: 'described', description: NOOP_UPDATE };
    case 'test-update':
      return {
        kind: 'described',
        description: testUpdateDescription({
          requiresReboot: input.requiresReboot,
          supportsRollback: input.supportsRollback,
          behaviour: behaviourOf(input.callbacks),
        }),
      };
    case 'described':
      return {
        kind: 'described',
        description: {
          artifactType: input.artifactType,
          requiresReboot: input.requiresReboot,
          supportsRollback: input.supportsRollback,
          callbacks: behaviourOf(input.callbacks),
        },
      };
  }
}

/** The module a device would register for `choice`, made only to be checked. */
function moduleToCheck(choice: ModuleChoice): UpdateModule {
  if (choice.kind === 'described') return createDescribedModule(choice.description);
  // Making the module touches none of its device: an empty MCUboot stands in.
  const unused = new McuBoot({ name: '', size: 0, sha256: '', crashesOnBoot: false });
  return createZephyrImageModule({
    mcuboot: unused,
    restart: undefined,
    log: () => undefined,
  });
}

/**
 * Registers the modules as a device does at boot, so that a list the client
 * refuses is an error at load rather than a crash mid-run.
 */
function moduleRegistrationProblems(
  modules: readonly ModuleChoice[],
  path: string,
): ScenarioProblem[] {
  const registry = new UpdateModuleRegistry();
  const problems: ScenarioProblem[] = [];
  modules.forEach((choice, index) => {
    const module = moduleToCheck(choice);
    const registeredBefore = registry.types().includes(module.artifactType);
    try {
      registry.register(module);
    } catch (error) {
      if (!(error instanceof UpdateModuleError)) throw error;
      // The registry refuses an empty type, a second module of a type or missing callbacks.
      const where =
        module.artifactType === ''
          ? `${path}.modules[${index}].artifactType`
          : registeredBefore
            ? `${path}.modules[${index}]`
            : `${path}.modules[${index}].callbacks`;
      problems.push({ path: where, message: error.message });
    }
  });
  return problems;
}

/**
 * Resolves a group's Kconfig (prj.conf fragments, then form options, then
 * the shorthands) into the settings its devices run with. Problems are
 * scenario errors naming the group.
 */
export function setUpGroup(
  group: FleetGroup,
  groupIndex: number,
  serverTenantToken: string | undefined,
  /** Names the scenario in errors: the file the user gave. */
  source: string,
  /** Where errors point: the group, or one device's override in it. */
  path = `fleet[${groupIndex}]`,
): GroupSetup {
  const form: Record<string, KconfigValue> = { ...group.kconfig.options };
  if (group.deviceType !== undefined) form['MENDER_DEVICE_TYPE'] = group.deviceType;
  if (group.tenantToken !== undefined)
    form['MENDER_SERVER_TENANT_TOKEN'] = group.tenantToken;

  try {
    const fragments = (group.kconfig.prjConf ?? []).map((text, index) =>
      parsePrjConf(text, `${path}.kconfig.prjConf[${index}]`),
    );
    const resolve = (values: Record<string, KconfigValue>) =>
      resolveClientSettings({
        board: group.board,
        fragments,
        form: values,
        formSource: `${path}.kconfig.options`,
      });

    let resolved = resolve(form);
    // A hosted fleet carries the server's token unless its Kconfig names one.
    if (resolved.settings.tenantToken === null && serverTenantToken !== undefined) {
      resolved = resolve({ ...form, MENDER_SERVER_TENANT_TOKEN: serverTenantToken });
    }

    const modules = group.modules.map(moduleChoice);
    if (
      !resolved.settings.zephyrImageUpdateModule &&
      group.modules.some((m) => m.kind === 'zephyr-image')
    ) {
      throw new ScenarioError(source, [
        {
          path: `${path}.modules`,
          message:
            'lists zephyr-image, but MENDER_ZEPHYR_IMAGE_UPDATE_MODULE is off in its Kconfig; turn it on or choose another module',
        },
      ]);
    }
    const moduleProblems = moduleRegistrationProblems(modules, path);
    if (moduleProblems.length > 0) throw new ScenarioError(source, moduleProblems);

    const settings = machineSettingsFrom(resolved.settings);
    return {
      settings:
        resolved.settings.initialArtifactName === null
          ? { ...settings, artifactName: group.artifactName }
          : settings,
      warnings: resolved.warnings,
      modules,
    };
  } catch (error) {
    if (error instanceof KconfigError) {
      throw new ScenarioError(source, [
        { path: `${path}.kconfig`, message: error.message },
      ]);
    }
    throw error;
  }
}

/** The device's identity: the reference app's `mac`, unique across the fleet. */
export function identityPairFor(fleetIndex: number) {
  return { name: 'mac', value: macAddressFor(fleetIndex) };
}

/** Everything a simulated device needs, but the kernel and transport. */
export function deviceOptions(
  id: string,
  fleetIndex: number,
  group: FleetGroup,
  setup: GroupSetup,
  random: SeededRandom,
): Omit<SimulatedDeviceOptions, 'kernel' | 'transport'> & { identity: NvsIdentity } {
  const { network } = group;
  return {
    id,
    settings: setup.settings,
    identity: createNvsIdentity(id, random),
    identityPair: identityPairFor(fleetIndex),
    random,
    modules: setup.modules,
    restart: group.restart === 'harness' ? 'log' : group.restart,
    factoryImage: group.artifactName,
    network: {
      up: network.up,
      latencyMs: network.latencyMs,
      lossRate: network.lossRate,
      bandwidthBytesPerSecond: network.bandwidthBytesPerSecond,
      apiCaInstalled: network.apiCaInstalled,
      artifactCaInstalled: network.artifactCaInstalled,
    },
    ...(group.inventory !== undefined ? { inventory: group.inventory } : {}),
  };
}
