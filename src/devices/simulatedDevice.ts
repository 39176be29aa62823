import { createActor, type Actor } from 'xstate';

import type {
  ExchangeOutcome,
  HttpRequest,
  SeededRandom,
  SimulationKernel,
  Transport,
  VirtualClock,
} from '../sim/index.ts';
import { clientMachine, stopClient } from '../machines/clientMachine.ts';
import type { ClientSettings } from '../machines/clientSettings.ts';
import type { InventoryRegistration } from '../machines/inventoryTypes.ts';
import type {
  CallbackState,
  ClientState,
  DeploymentStatus,
  UpdateState,
} from '../machines/menderTypes.ts';
import {
  LOG_LEVEL_TAGS,
  type ClientPlatform,
  type LogLevel,
} from '../machines/platform.ts';
import { REAL_CLIENT_QUIRKS, type ClientQuirks } from '../machines/quirks.ts';
import {
  MenderResult,
  UpdateModuleRegistry,
  type UpdateCallback,
  type UpdateModule,
} from '../machines/updateModule.ts';
import type { DeviceIdentity, IdentityPair } from './deviceIdentity.ts';
import { DeviceLog } from './deviceLog.ts';
import { DeploymentLogBuffer } from './flash/deploymentLogBuffer.ts';
import { MenderStorage } from './flash/menderStorage.ts';
import { NvsStore } from './flash/nvs.ts';
import {
  buildInfoInventory,
  describedInventory,
  networkInfoInventory,
  type InventoryDescription,
} from './inventoryCallbacks.ts';
import { McuBoot, type FirmwareImage } from './mcuboot.ts';
import {
  createDescribedModule,
  type ModuleDescription,
} from './modules/describedModule.ts';
import {
  createZephyrImageModule,
  type ZephyrImageDevice,
} from './modules/zephyrImage.ts';
import { DEFAULT_NETWORK, DeviceNetwork, type NetworkConditions } from './network.ts';

/** An update module the device registers: built-in zephyr-image, or one described as data. */
export type ModuleChoice =
  | {
      readonly kind: 'zephyr-image';
      /** Callbacks that fail without doing their work (an app-level check failing). */
      readonly failingCallbacks?: readonly CallbackState[];
    }
  | { readonly kind: 'described'; readonly description: ModuleDescription };

/** What the app's `restart` callback does: reboot (reference app) or only log (test app). */
export type RestartBehaviour = 'reboot' | 'log';

export interface SimulatedDeviceOptions {
  readonly id: string;
  readonly kernel: SimulationKernel;
  readonly transport: Transport;
  readonly settings: ClientSettings;
  readonly identity: DeviceIdentity;
  /** The `get_identity` pair, `mac` by default. */
  readonly identityPair: IdentityPair;
  /** This device's random stream (network loss). */
  readonly random: SeededRandom;
  readonly modules: readonly ModuleChoice[];
  readonly quirks?: ClientQuirks;
  readonly inventory?: readonly InventoryDescription[];
  /** @default 'reboot' */
  readonly restart?: RestartBehaviour;
  readonly network?: Partial<NetworkConditions>;
  /** The image in the primary slot at manufacture. */
  readonly factoryImage?: string;
  /** Time from power on until the client is activated. @default 0 */
  readonly bootDurationMs?: number;
  /** Lowest level kept in the device log. @default 'info' */
  readonly logLevel?: LogLevel;
  /** Flash sectors of the deployment-log buffer. @default 2 */
  readonly deploymentLogSectors?: number;
  /** Lines kept in the device log. @default 200 */
  readonly logCapacity?: number;
}

/** A planned power cut. */
export interface PowerCut {
  /** How long power stays off; undefined leaves it off. */
  readonly offForMs?: number;
  /** Fire only once (default), or every time. */
  readonly once?: boolean;
}

/** A compact, copyable view of a device for the UI. */
export interface DeviceSnapshot {
  readonly id: string;
  readonly powered: boolean;
  readonly bricked: boolean;
  readonly clientState: ClientState | undefined;
  readonly updateState: UpdateState | undefined;
  readonly image: string;
  readonly imageConfirmed: boolean;
  readonly secondaryImage: string | undefined;
  readonly storedUpdateState: UpdateState | null | undefined;
  readonly artifactName: string | undefined;
  readonly networkUp: boolean;
  readonly lastLog: string | undefined;
}

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = {
  debug: 0,
  info: 1,
  warning: 2,
  error: 3,
};

const DEFAULT_INTERFACE = {
  name: 'wlan0',
  netmask: '255.255.255.0',
  gateway: '192.168.1.1',
};

/**
 * One simulated MCU: flash (NVS, MCUboot slots, deployment logs) that
 * survives power cycles, power and network state, the app's callbacks, the
 * update modules and inventory callbacks, and the client actor while powered.
 */
export class SimulatedDevice {
  readonly id: string;
  readonly nvs: NvsStore;
  readonly mcuboot: McuBoot;
  readonly deploymentLogs: DeploymentLogBuffer;
  readonly network: DeviceNetwork;
  readonly logs: DeviceLog;

  private actor: Actor<typeof clientMachine> | undefined;
  private powered = false;
  private isBricked = false;
  /** Changes at every power cycle: timers of a past boot check it and do nothing. */
  private bootEpoch = 0;
  private recommissionNextBoot = false;
  /** A cut was decided: from now on nothing leaves the device before power goes. */
  private goingDown = false;
  private logCapture = false;
  private lastClientState: ClientState | undefined;
  private lastUpdateState: UpdateState | undefined;
  private readonly stateCuts = new Map<string, PowerCut>();
  private readonly callbackCuts = new Map<CallbackState, PowerCut>();
  private readonly crashingImages = new Set<string>();
  private readonly quirks: ClientQuirks;
  private readonly minLogRank: number;
  private readonly ipv4: string;

  constructor(private readonly options: SimulatedDeviceOptions) {
    const { kernel, id, settings } = options;
    this.id = id;
    this.quirks = options.quirks ?? REAL_CLIENT_QUIRKS;
    this.minLogRank = LEVEL_RANK[options.logLevel ?? 'info'];
    const observer = {
      trace: kernel.trace,
      now() {
        return kernel.now();
      },
      subject: id,
    };
    this.nvs = new NvsStore(observer);
    this.mcuboot = new McuBoot(
      factoryImage(options.factoryImage ?? settings.artifactName),
      this.crashingImages,
    );
    this.deploymentLogs = new DeploymentLogBuffer(options.deploymentLogSectors ?? 2);
    this.network = new DeviceNetwork(
      kernel,
      options.transport,
      id,
      settings.serverHost,
      settings.httpRequestTimeoutMs,
      options.random.fork('network'),
      { ...DEFAULT_NETWORK, ...options.network },
    );
    this.logs = new DeviceLog(options.logCapacity ?? 200);
    this.ipv4 = `10.${options.random.integer(0, 255)}.${options.random.integer(0, 255)}.${options.random.integer(2, 254)}`;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  get bricked(): boolean {
    return this.isBricked;
  }

  /** The running client actor, while powered. */
  get clientActor(): Actor<typeof clientMachine> | undefined {
    return this.actor;
  }

  /** Powers the device on: MCUboot boots an image, then the client is activated. */
  powerOn(cause = 'power on'): void {
    if (this.powered) return;
    this.powered = true;
    const epoch = ++this.bootEpoch;
    this.recordPower(true, cause);

    const boot = this.mcuboot.boot();
    if (boot.note !== '') this.log('info', `MCUboot: ${boot.note}`);
    if (boot.kind === 'bricked') {
      this.isBricked = true;
      this.log('error', 'No bootable image: the device is bricked');
      return;
    }
    this.log('info', `Booting ${boot.image.name}`);
    this.afterMs(this.options.bootDurationMs ?? 0, epoch, () => this.activateClient());
  }

  /** Cuts power at once: RAM (the client) is lost, flash stays. */
  powerOff(cause = 'power off'): void {
    if (!this.powered) return;
    this.powered = false;
    this.goingDown = false;
    this.bootEpoch++;
    if (this.actor !== undefined) stopClient(this.actor);
    this.actor = undefined;
    this.logCapture = false;
    this.lastClientState = undefined;
    this.lastUpdateState = undefined;
    this.recordPower(false, cause);
  }

  /** A warm reboot (`sys_reboot`): off and on again at the same instant. */
  reboot(cause = 'reboot'): void {
    this.powerOff(cause);
    this.powerOn(cause);
  }

  /** Cuts power when the client next enters `state` (a client or update state). */
  cutPowerOnEnteringState(state: ClientState | UpdateState, cut: PowerCut = {}): void {
    this.stateCuts.set(state, cut);
  }

  /** Cuts power while the module's callback for `state` runs (after its effects). */
  cutPowerInsideCallback(state: CallbackState, cut: PowerCut = {}): void {
    this.callbackCuts.set(state, cut);
  }

  /** Makes images of this artifact name crash before the client runs. */
  crashOnBoot(artifactName: string): void {
    this.crashingImages.add(artifactName);
  }

  /** The next boot deletes the key pair and makes a new one. */
  recommission(): void {
    this.recommissionNextBoot = true;
  }

  setNetwork(change: Partial<NetworkConditions>, description: string): void {
    this.network.conditions = { ...this.network.conditions, ...change };
    this.options.kernel.trace.append({
      kind: 'network',
      time: this.options.kernel.now(),
      subject: this.id,
      change: description,
    });
  }

  snapshot(): DeviceSnapshot {
    const stored = new MenderStorage(
      this.nvs,
      this.deploymentLogs,
      this.options.settings.deploymentDataCrc,
    );
    const record = stored.readDeploymentData();
    return {
      id: this.id,
      powered: this.powered,
      bricked: this.isBricked,
      clientState: this.lastClientState,
      updateState: this.lastUpdateState,
      image: this.mcuboot.primary.name,
      imageConfirmed: this.mcuboot.confirmed,
      secondaryImage: this.mcuboot.secondary?.name,
      storedUpdateState: record.kind === 'valid' ? record.data.state : undefined,
      artifactName: stored.readArtifactName(),
      networkUp: this.network.conditions.up,
      lastLog: this.logs.last()?.message,
    };
  }

  private activateClient(): void {
    const platform = this.createPlatform(this.bootEpoch);
    this.actor = createActor(clientMachine, {
      clock: this.options.kernel.clock,
      input: { platform },
    });
    this.actor.start();
  }

  private createPlatform(epoch: number): ClientPlatform {
    const { settings } = this.options;
    const storage = new MenderStorage(
      this.nvs,
      this.deploymentLogs,
      settings.deploymentDataCrc,
    );
    const modules = new UpdateModuleRegistry();
    for (const module of this.createModules())
      modules.register(this.watchCallbacks(module));
    const recommission = this.recommissionNextBoot;
    this.recommissionNextBoot = false;
    return new SimulatedDevice.BootPlatform(this, epoch, storage, modules, recommission);
  }

  /**
   * What one boot's client sees of the device. A class rather than an object
   * of arrow functions: a device keeps one per boot, and methods on the
   * prototype cost nothing per instance.
   */
  private static readonly BootPlatform = class BootPlatform implements ClientPlatform {
    readonly settings: ClientSettings;
    readonly quirks: ClientQuirks;
    readonly clock: VirtualClock;
    readonly inventoryCallbacks: readonly InventoryRegistration[];

    constructor(
      private readonly device: SimulatedDevice,
      private readonly epoch: number,
      readonly storage: MenderStorage,
      readonly modules: UpdateModuleRegistry,
      private readonly recommission: boolean,
    ) {
      this.settings = device.options.settings;
      this.quirks = device.quirks;
      this.clock = device.options.kernel.clock;
      this.inventoryCallbacks = device.inventoryCallbacks();
    }

    log(level: LogLevel, message: string): void {
      this.device.log(level, message);
    }

    recordState(machine: 'client' | 'update', state: ClientState | UpdateState): void {
      this.device.recordState(machine, state);
    }

    setDeploymentLogCapture(active: boolean): void {
      this.device.logCapture = active;
    }

    networkConnect(): boolean {
      return this.device.network.conditions.up;
    }

    networkRelease(): void {
      this.device.log('info', 'Network released');
    }

    deploymentStatus(status: DeploymentStatus): void {
      this.device.log('info', `Deployment status is '${status}'`);
    }

    restart(): void {
      this.device.restartCallback(this.epoch);
    }

    reboot(): boolean {
      const device = this.device;
      device.afterMs(0, this.epoch, () => device.reboot('mender_os_reboot'));
      return true;
    }

    loadKeys(done: (ok: boolean) => void): void {
      const device = this.device;
      const recommission = this.recommission;
      device.options.kernel.defer(
        () => device.options.identity.loadKeys(device.nvs, recommission),
        () => done(true),
        (error) => {
          device.log('error', `Unable to load the keys: ${describe(error)}`);
          done(false);
        },
      );
    }

    createAuthRequest(done: (request: HttpRequest | undefined) => void): void {
      const device = this.device;
      const { identity, identityPair } = device.options;
      device.options.kernel.defer(
        () => identity.createAuthRequest(device.nvs, this.settings, identityPair),
        (request) => done(request),
        (error) => {
          device.log('error', `Unable to build the auth request: ${describe(error)}`);
          done(undefined);
        },
      );
    }

    send(
      request: HttpRequest,
      onOutcome: (outcome: ExchangeOutcome) => void,
    ): () => void {
      return this.device.goingDown
        ? ignoreLateOutcome
        : this.device.network.send(request, onOutcome);
    }

    receiveTimeMs(bytes: number): number {
      return this.device.network.receiveTimeMs(bytes);
    }
  };

  private createModules(): UpdateModule[] {
    return this.options.modules.map((choice) =>
      choice.kind === 'zephyr-image'
        ? withFailingCallbacks(
            createZephyrImageModule(SimulatedDevice.zephyrImageHost(this)),
            choice.failingCallbacks ?? [],
          )
        : createDescribedModule(choice.description),
    );
  }

  /** What zephyr-image reaches of the device: MCUboot, the app's restart, the log. */
  private static zephyrImageHost(device: SimulatedDevice): ZephyrImageDevice {
    return {
      mcuboot: device.mcuboot,
      restart() {
        device.restartCallback(device.bootEpoch);
      },
      log(level, message) {
        device.log(level, message);
      },
    };
  }

  /** Wraps each callback so a planned cut fires while it runs. */
  private watchCallbacks(module: UpdateModule): UpdateModule {
    const callbacks: Partial<Record<CallbackState, UpdateCallback>> = {};
    for (const [state, callback] of Object.entries(module.callbacks) as [
      CallbackState,
      UpdateCallback,
    ][]) {
      callbacks[state] = (callState, data) => {
        const outcome = callback(callState, data);
        this.maybeCut(
          this.callbackCuts,
          callState,
          `power cut inside the ${callState} callback`,
        );
        return outcome;
      };
    }
    return { ...module, callbacks };
  }

  private inventoryCallbacks(): InventoryRegistration[] {
    const { settings } = this.options;
    const registrations: InventoryRegistration[] = [];
    if (settings.inventoryBuildInfo) registrations.push(buildInfoInventory(settings));
    if (settings.inventoryNetworkInfo) {
      const addresses = { ...DEFAULT_INTERFACE, ipv4: this.ipv4 };
      registrations.push(networkInfoInventory(() => addresses));
    }
    for (const description of this.options.inventory ?? []) {
      registrations.push(describedInventory(description));
    }
    return registrations;
  }

  private restartCallback(epoch: number): void {
    if ((this.options.restart ?? 'reboot') === 'log') {
      this.log('info', 'Restart requested by the client');
      return;
    }
    this.afterMs(0, epoch, () => this.reboot('restart callback'));
  }

  private recordState(
    machine: 'client' | 'update',
    state: ClientState | UpdateState,
  ): void {
    const { kernel } = this.options;
    if (machine === 'client') this.lastClientState = state as ClientState;
    else this.lastUpdateState = state as UpdateState;
    kernel.trace.append({
      kind: 'state',
      time: kernel.now(),
      subject: this.id,
      machine,
      state,
    });
    this.maybeCut(this.stateCuts, state, `power cut on entering ${state}`);
  }

  private maybeCut(cuts: Map<string, PowerCut>, key: string, cause: string): void {
    const cut = cuts.get(key);
    if (cut === undefined) return;
    if (cut.once ?? true) cuts.delete(key);
    // Power goes after the current step, before anything the client scheduled
    // next; a request the step is about to send never leaves.
    this.goingDown = true;
    this.afterMs(0, this.bootEpoch, () => {
      this.powerOff(cause);
      if (cut.offForMs !== undefined) {
        this.options.kernel.clock.setTimeout(
          () => this.powerOn('power restored'),
          cut.offForMs,
        );
      }
    });
  }

  private log(level: LogLevel, message: string): void {
    if (LEVEL_RANK[level] < this.minLogRank) return;
    const { kernel } = this.options;
    const time = kernel.now();
    this.logs.push({ time, level, message });
    kernel.trace.append({ kind: 'log', time, subject: this.id, level, message });
    if (this.logCapture && LEVEL_RANK[level] >= LEVEL_RANK.warning) {
      const timestamp = new Date(time).toISOString();
      this.deploymentLogs.append(
        `[${timestamp}] ${LOG_LEVEL_TAGS[level]} mender: ${message}`,
      );
    }
  }

  private recordPower(on: boolean, cause: string): void {
    const { kernel } = this.options;
    kernel.trace.append({
      kind: 'power',
      time: kernel.now(),
      subject: this.id,
      on,
      cause,
    });
  }

  /** A device timer that does nothing once the device was power-cycled. */
  private afterMs(delayMs: number, epoch: number, work: () => void): void {
    this.options.kernel.clock.setTimeout(() => {
      if (this.bootEpoch === epoch) work();
    }, delayMs);
  }
}

function withFailingCallbacks(
  module: UpdateModule,
  failing: readonly CallbackState[],
): UpdateModule {
  if (failing.length === 0) return module;
  const callbacks = { ...module.callbacks };
  for (const state of failing) callbacks[state] = () => MenderResult.FAIL;
  return { ...module, callbacks };
}

function factoryImage(name: string): FirmwareImage {
  return {
    name: name === '' ? 'factory' : name,
    size: 0,
    sha256: '',
    crashesOnBoot: false,
  };
}

function ignoreLateOutcome(): void {}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates a device, powered off; call `powerOn()` to boot it. */
export function createSimulatedDevice(options: SimulatedDeviceOptions): SimulatedDevice {
  return new SimulatedDevice(options);
}
