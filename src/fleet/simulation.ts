import { createMockServer, type MockServer } from '../server/index.ts';
import {
  SimulationKernel,
  createInProcessTransport,
  createServiceWorkerTransport,
  type FetchFunction,
  type Transport,
} from '../sim/index.ts';
import { ProbeDevice } from './pollingProbe.ts';
import { ScenarioError, type ScenarioProblem } from './scenarioFile.ts';
import type {
  DeviceSelector,
  FleetGroup,
  Scenario,
  UserAction,
} from './scenarioSchema.ts';

/** The hosted Mender server the client talks to when nothing else is configured. */
export const DEFAULT_SERVER_URL = 'https://hosted.mender.io';

/** Poll interval of the demo build (reference §8), used until Kconfig is read. */
const DEMO_UPDATE_POLL_INTERVAL_S = 30;

/** A user's action and where in the run it was made. */
export interface RecordedAction {
  readonly atMs: number;
  /** Events fired before it: places it between two events due at the same time. */
  readonly afterEvents: number;
  readonly action: UserAction;
}

export type TransportChoice =
  | { readonly kind: 'in-process' }
  | { readonly kind: 'service-worker'; readonly fetch: FetchFunction };

export interface SimulationOptions {
  /** @default in-process */
  readonly transport?: TransportChoice;
}

/**
 * One running simulation: kernel, server, devices and transport assembled
 * from a scenario. The app, the headless runner and the lab all build
 * simulations here, so there is one way to build one.
 */
export class Simulation {
  readonly kernel: SimulationKernel;
  readonly server: MockServer;
  readonly transport: Transport;
  readonly devices: ReadonlyMap<string, ProbeDevice>;
  private started = false;
  private readonly recorded: RecordedAction[] = [];

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.kernel = new SimulationKernel({
      seed: scenario.run.seed,
      ...(scenario.run.historyPerDevice !== undefined
        ? { historyPerSubject: scenario.run.historyPerDevice }
        : {}),
    });
    this.server = createMockServer({
      now: () => this.kernel.now(),
      random: this.kernel.random.fork('server'),
      profile: scenario.server.profile,
    });
    const transportChoice = options.transport ?? { kind: 'in-process' };
    this.transport =
      transportChoice.kind === 'in-process'
        ? createInProcessTransport(this.kernel, this.server.routing)
        : createServiceWorkerTransport(this.kernel, transportChoice.fetch);
    this.devices = this.buildDevices();
    this.checkTimelineDevices();
  }

  /** A timeline naming a device the fleet lacks is a scenario error, found at load. */
  private checkTimelineDevices(): void {
    const problems: ScenarioProblem[] = [];
    this.scenario.timeline.forEach((action, actionIndex) => {
      if (action.devices === 'all') return;
      action.devices.forEach((id, idIndex) => {
        if (this.devices.has(id)) return;
        problems.push({
          path: `timeline[${actionIndex}].devices[${idIndex}]`,
          message: `names "${id}", which the fleet does not have (ids are the group name and a number from 1, e.g. "${this.devices.keys().next().value}")`,
        });
      });
    });
    if (problems.length > 0) throw new ScenarioError(this.scenario.name, problems);
  }

  /** The scenario's end, in virtual milliseconds. */
  get endTime(): number {
    return this.scenario.run.durationSeconds * 1000;
  }

  /** Schedules the boots and the timeline; call once before running. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.scheduleBoots();
    for (const action of this.scenario.timeline) {
      this.kernel.clock.setTimeout(() => this.apply(action), action.atSeconds * 1000);
    }
  }

  /** Runs to the scenario's end (headless). */
  async runToEnd(): Promise<void> {
    this.start();
    await this.kernel.runUntil(this.endTime);
  }

  /**
   * A user's action, applied now and recorded with the point in the run
   * where it was made (virtual time and events fired), so that a replay puts
   * it at exactly the same place.
   */
  perform(action: UserAction): void {
    this.recorded.push({
      atMs: this.kernel.now(),
      afterEvents: this.kernel.clock.fired,
      action,
    });
    this.apply(action);
  }

  /** The user's actions so far, in order. */
  get recordedActions(): readonly RecordedAction[] {
    return this.recorded;
  }

  /** Starts the run and makes each recorded action again at its place. */
  async replay(actions: readonly RecordedAction[]): Promise<void> {
    this.start();
    for (const recorded of actions) {
      await this.kernel.replayTo(recorded.afterEvents, recorded.atMs);
      this.perform(recorded.action);
    }
  }

  /** Applies an action now: the timeline's, or a user's via `perform`. */
  apply(action: UserAction): void {
    const targets = this.select(action.devices);
    this.kernel.trace.append({
      kind: 'action',
      time: this.kernel.now(),
      subject: 'fleet',
      action: action.action,
      detail: { devices: targets.map((device) => device.id) },
    });
    for (const device of targets) {
      switch (action.action) {
        case 'power.off':
          device.powerOff('user action');
          break;
        case 'power.on':
          device.powerOn('user action');
          break;
        case 'network.down':
          device.setNetwork(false);
          break;
        case 'network.up':
          device.setNetwork(true);
          break;
      }
    }
  }

  private select(selector: DeviceSelector): ProbeDevice[] {
    if (selector === 'all') return [...this.devices.values()];
    return selector.map((id) => {
      const device = this.devices.get(id);
      if (device === undefined) {
        throw new Error(
          `Failed to apply an action to device "${id}": the fleet has no such device. ` +
            `Device ids are the group name and a number, e.g. "${this.devices.keys().next().value}".`,
        );
      }
      return device;
    });
  }

  private buildDevices(): Map<string, ProbeDevice> {
    const devices = new Map<string, ProbeDevice>();
    for (const group of this.scenario.fleet) {
      for (let index = 1; index <= group.count; index++) {
        const deviceId = `${group.name}-${index}`;
        devices.set(
          deviceId,
          new ProbeDevice(
            this.probeSettings(group, deviceId),
            this.kernel,
            this.transport,
          ),
        );
      }
    }
    return devices;
  }

  private probeSettings(group: FleetGroup, deviceId: string) {
    const interval = group.kconfig.options?.['MENDER_CLIENT_UPDATE_POLL_INTERVAL'];
    const pollSeconds =
      typeof interval === 'number' ? interval : DEMO_UPDATE_POLL_INTERVAL_S;
    return {
      deviceId,
      serverUrl: DEFAULT_SERVER_URL,
      deviceType: group.deviceType,
      artifactName: group.artifactName,
      pollIntervalMs: pollSeconds * 1000,
      latencyMs: group.network.latencyMs,
    };
  }

  /** Spreads each group's power-on times evenly over its boot window. */
  private scheduleBoots(): void {
    for (const group of this.scenario.fleet) {
      const windowMs = group.bootWindowSeconds * 1000;
      for (let index = 0; index < group.count; index++) {
        const device = this.devices.get(`${group.name}-${index + 1}`)!;
        const at = group.count > 1 ? (windowMs * index) / group.count : 0;
        this.kernel.clock.setTimeout(() => device.powerOn('boot'), at);
      }
    }
  }
}
