import type { NvsIdentity } from '../devices/identity/index.ts';
import type { NetworkConditions } from '../devices/network.ts';
import { writeArtifact } from '../artifact/index.ts';
import {
  createSimulatedDevice,
  type SimulatedDevice,
} from '../devices/simulatedDevice.ts';
import {
  ApiError,
  createMockServer,
  fixedWindowLimit,
  tierIntervalLimit,
  type FaultPolicy,
  type MockServer,
} from '../server/index.ts';
import {
  SimulationKernel,
  createInProcessTransport,
  createServiceWorkerTransport,
  type FetchFunction,
  type HttpExchangeRecord,
  type Transport,
} from '../sim/index.ts';
import {
  deviceOptions,
  identityPairFor,
  setUpGroup,
  type GroupSetup,
} from './deviceSetup.ts';
import { FileTable, type StoredFile } from './fileTable.ts';
import { ManagementConsole } from './management.ts';
import { ScenarioError, type ScenarioProblem } from './scenarioFile.ts';
import type {
  ArtifactSource,
  DeviceSelector,
  FleetGroup,
  Scenario,
  UserAction,
} from './scenarioSchema.ts';

/** The conditions a `network.set` action names, and only those. */
function networkChange(action: Extract<UserAction, { action: 'network.set' }>) {
  const change: { -readonly [Key in keyof NetworkConditions]?: NetworkConditions[Key] } =
    {};
  if (action.latencyMs !== undefined) change.latencyMs = action.latencyMs;
  if (action.lossRate !== undefined) change.lossRate = action.lossRate;
  if (action.bandwidthBytesPerSecond !== undefined) {
    change.bandwidthBytesPerSecond = action.bandwidthBytesPerSecond;
  }
  if (action.apiCaInstalled !== undefined) change.apiCaInstalled = action.apiCaInstalled;
  if (action.artifactCaInstalled !== undefined) {
    change.artifactCaInstalled = action.artifactCaInstalled;
  }
  return change;
}

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
  /**
   * Reads a `.mender` file a scenario names (`server.artifacts[].file`): the
   * runner reads from disk beside the scenario, the app from uploaded files.
   */
  readonly readArtifactFile?: (path: string) => Uint8Array;
  /**
   * The user's files from a saved workspace (see `Simulation.files`), given
   * back before a replay so that recorded uploads find their bytes.
   */
  readonly files?: Iterable<StoredFile>;
  /** Names the scenario in load errors: the file the user gave. @default its name */
  readonly source?: string;
}

/** An action the server or the simulation refused while the run went on. */
export interface RefusedAction {
  readonly atMs: number;
  readonly action: UserAction['action'];
  /** Where the scenario file has it (`timeline[3]`); absent for a user's action. */
  readonly path?: string;
  readonly reason: string;
}

/** A simulated device and what the fleet knows about it. */
export interface FleetDevice {
  readonly device: SimulatedDevice;
  readonly group: string;
  /** The identity the server knows it by. */
  readonly identity: Readonly<Record<string, string>>;
  /** Its key pair as kept in NVS, and the key its first boot makes. */
  readonly keys: NvsIdentity;
  /** The firmware build it runs: Kconfig, modules and restart callback. */
  readonly build: DeviceBuild;
}

/** What a device was built with, and the settings and warnings that came out of it. */
export interface DeviceBuild {
  /** Its group as this device was built: a device override already applied. */
  readonly group: FleetGroup;
  readonly setup: GroupSetup;
  /** True when the scenario builds this device differently from its group. */
  readonly overridden: boolean;
}

/** Events a replay fires between looks at where the run has got to. */
const REPLAY_SLICE_EVENTS = 5_000;

/** A recording whose points the run does not pass through. */
export class ReplayMismatchError extends Error {
  override readonly name = 'ReplayMismatchError';
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
  readonly fleet: ReadonlyMap<string, FleetDevice>;
  readonly groups: ReadonlyMap<string, GroupSetup>;
  /** Deployment ids by the names the scenario and the user gave them. */
  readonly deploymentIds = new Map<string, string>();
  /**
   * Files the user gave this run, by SHA-256 (see `StoredFile`). Uploads
   * name them by hash; a workspace export saves them with the actions.
   */
  readonly files: FileTable;
  /** The admin panel's management API client (`management.request` actions). */
  readonly management: ManagementConsole;
  /** Each device's latest exchange, for the fleet view. */
  readonly lastExchange = new Map<string, HttpExchangeRecord>();
  /** Actions refused so far, in order: what only the run could tell. */
  readonly refusals: RefusedAction[] = [];
  private started = false;
  private readonly recorded: RecordedAction[] = [];
  private replaying = false;
  private readonly heldDuringReplay: UserAction[] = [];

  constructor(
    readonly scenario: Scenario,
    private readonly options: SimulationOptions = {},
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
      ...(scenario.server.tenantToken !== undefined
        ? { tenantToken: scenario.server.tenantToken }
        : {}),
    });
    const baseTransport = this.createTransport();
    this.transport = this.withServerLatency(baseTransport);
    this.files = new FileTable(options.files);

    const groups = new Map<string, GroupSetup>();
    scenario.fleet.forEach((group, index) => {
      groups.set(
        group.name,
        setUpGroup(group, index, this.server.tenantToken, this.source),
      );
    });
    this.groups = groups;
    this.fleet = this.buildFleet();
    this.checkNamesExist();
    // The admin talks to the API host the fleet uses; server faults are for devices only.
    this.management = new ManagementConsole(
      this.kernel,
      baseTransport,
      groups.values().next().value?.settings.serverHost ?? 'https://hosted.mender.io',
      this.server.managementToken,
      this.files,
    );
    this.kernel.trace.subscribe((record) => {
      if (record.kind === 'http') this.lastExchange.set(record.subject, record);
      else if (record.kind === 'log') this.harnessRestart(record.subject, record.message);
    });
  }

  /** What load errors call the scenario: the file the user gave, else its name. */
  private get source(): string {
    return this.options.source ?? this.scenario.name;
  }

  /** The scenario's end, in virtual milliseconds. */
  get endTime(): number {
    return this.scenario.run.durationSeconds * 1000;
  }

  /** The devices by id. */
  get devices(): ReadonlyMap<string, SimulatedDevice> {
    return new Map([...this.fleet].map(([id, entry]) => [id, entry.device]));
  }

  /**
   * The identity and the public key a fleet device presents now (before its
   * first boot, the key that boot makes; after recommissioning, the new key):
   * what an operator types into a preauthorization.
   */
  identityAndKey(
    deviceId: string,
  ): { identity: Readonly<Record<string, string>>; publicKeyPem: string } | undefined {
    const entry = this.fleet.get(deviceId);
    if (entry === undefined) return undefined;
    return { identity: entry.identity, publicKeyPem: entry.keys.currentPublicKeyPem() };
  }

  /** Uploads the artifacts, preauthorizes, schedules boots and the timeline. Call once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.scenario.server.artifacts.forEach((source, index) =>
      this.uploadArtifact(source, index),
    );
    this.preauthorize();
    this.scheduleBoots();
    this.scenario.timeline.forEach((action, index) => {
      this.kernel.clock.setTimeout(
        () => this.apply(action, `timeline[${index}]`),
        action.atSeconds * 1000,
      );
    });
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
    // A user acting while a replay runs must not land among the replayed actions.
    if (this.replaying) {
      this.heldDuringReplay.push(action);
      return;
    }
    this.record(action);
  }

  private record(action: UserAction): void {
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

  /** Whether a replay is under way (actions performed meanwhile wait for its end). */
  get isReplaying(): boolean {
    return this.replaying;
  }

  /**
   * Starts the run and makes each recorded action again at its place, then
   * (with `until`) goes on to that point. Actions performed meanwhile, say by
   * a panel reacting to the new run, are held and made once the replay is
   * done, after `onReplayed` has seen the replayed run.
   */
  async replay(
    actions: readonly RecordedAction[],
    options: {
      readonly until?: { readonly events: number; readonly atMs: number };
      readonly onReplayed?: () => void;
      /**
       * Gives the host a turn every few thousand events (the app's page
       * stays responsive); headless callers leave it out.
       */
      readonly pause?: () => Promise<void>;
      /** Events fired between turns and looks at where the run has got to. */
      readonly sliceEvents?: number;
    } = {},
  ): Promise<void> {
    this.start();
    this.replaying = true;
    try {
      for (const [index, recorded] of actions.entries()) {
        await this.replayToPoint(
          recorded.afterEvents,
          recorded.atMs,
          `actions[${index}]`,
          options,
        );
        this.record(recorded.action);
      }
      if (options.until !== undefined) {
        await this.replayToPoint(
          options.until.events,
          options.until.atMs,
          'the point reached',
          options,
        );
      }
    } finally {
      this.replaying = false;
      options.onReplayed?.();
      for (const action of this.heldDuringReplay.splice(0)) this.record(action);
    }
  }

  /**
   * Fires events until `events` have fired, then moves to `atMs`, in slices
   * so that a recording the run cannot reach (edited, or made by another
   * version) stops soon after the run passes `atMs` instead of running on.
   */
  private async replayToPoint(
    events: number,
    atMs: number,
    what: string,
    {
      pause,
      sliceEvents = REPLAY_SLICE_EVENTS,
    }: { readonly pause?: () => Promise<void>; readonly sliceEvents?: number },
  ): Promise<void> {
    const clock = this.kernel.clock;
    const mismatch = (found: string) =>
      new ReplayMismatchError(
        `${what} (after ${events} events, at ${atMs} ms) does not match the run: ${found}. ` +
          'The file was edited or made by another version of the simulator.',
      );
    try {
      while (clock.fired < events) {
        // An intermediate slice moves no time (0 is never ahead of the clock).
        await this.kernel.replayTo(Math.min(events, clock.fired + sliceEvents), 0);
        if (clock.now() > atMs) {
          throw mismatch(
            `the run is at ${Math.round(clock.now())} ms after only ${clock.fired} events`,
          );
        }
        if (clock.fired < events) await pause?.();
      }
      await this.kernel.replayTo(events, atMs);
    } catch (error) {
      if (error instanceof ReplayMismatchError) throw error;
      const due = clock.nextTime();
      if (clock.fired < events && due === undefined) {
        throw mismatch(`the run stops after ${clock.fired} events`);
      }
      if (clock.fired >= events && due !== undefined && due < atMs) {
        throw mismatch(
          `the run has an event due at ${Math.round(due)} ms, before that point`,
        );
      }
      throw error;
    }
  }

  /**
   * Applies an action now: the timeline's (with `path`, where the file has
   * it), or a user's via `perform`.
   */
  apply(action: UserAction, path?: string): void {
    const outcome = this.carryOut(action);
    if (typeof outcome['refused'] === 'string') {
      this.refusals.push({
        atMs: this.kernel.now(),
        action: action.action,
        ...(path !== undefined ? { path } : {}),
        reason: outcome['refused'],
      });
    }
    this.kernel.trace.append({
      kind: 'action',
      time: this.kernel.now(),
      subject: 'fleet',
      action: action.action,
      detail: { ...action, ...outcome },
    });
  }

  private carryOut(action: UserAction): Record<string, unknown> {
    try {
      switch (action.action) {
        case 'deployment.create':
          return this.createDeployment(action);
        case 'deployment.abort': {
          const id = this.deploymentIds.get(action.name);
          if (id === undefined)
            return { refused: `no deployment named "${action.name}"` };
          this.server.abortDeployment(id);
          return {};
        }
        case 'server.rate-limit':
          return this.setRateLimit(action);
        case 'server.faults': {
          const faults: { -readonly [Key in keyof FaultPolicy]?: FaultPolicy[Key] } = {};
          if (action.addedLatencyMs !== undefined)
            faults.addedLatencyMs = action.addedLatencyMs;
          if (action.errorRate !== undefined) faults.errorRate = action.errorRate;
          if (action.errorStatus !== undefined) faults.errorStatus = action.errorStatus;
          if (action.refuseAllAuth !== undefined)
            faults.refuseAllAuth = action.refuseAllAuth;
          this.server.setFaults(faults);
          return {};
        }
        case 'server.outage': {
          const now = this.kernel.now();
          const outages = [
            ...this.server.policies.faults.outages,
            { fromMs: now, toMs: now + action.durationSeconds * 1000, kind: action.kind },
          ];
          this.server.setFaults({ outages });
          return {};
        }
        case 'devices.accept':
        case 'devices.reject':
        case 'devices.decommission':
          return this.admit(action.action, action.devices);
        case 'management.request':
          return this.management.send(action);
        default:
          return this.actOnDevices(action);
      }
    } catch (error) {
      // The server refuses as the real one would (an ApiError with its message).
      if (error instanceof ApiError) return { refused: error.message };
      throw error;
    }
  }

  private actOnDevices(
    action: Exclude<
      UserAction,
      {
        action:
          | `deployment.${string}`
          | `devices.${string}`
          | `server.${string}`
          | `management.${string}`;
      }
    >,
  ) {
    for (const { device } of this.select(action.devices)) {
      switch (action.action) {
        case 'power.off':
          device.powerOff('user action');
          break;
        case 'power.on':
          device.powerOn('user action');
          break;
        case 'power.cut': {
          const cut =
            action.offForSeconds !== undefined
              ? { offForMs: action.offForSeconds * 1000 }
              : {};
          if (action.onEnteringState !== undefined)
            device.cutPowerOnEnteringState(action.onEnteringState, cut);
          if (action.insideCallback !== undefined)
            device.cutPowerInsideCallback(action.insideCallback, cut);
          break;
        }
        case 'network.down':
          device.setNetwork({ up: false }, 'down');
          break;
        case 'network.up':
          device.setNetwork({ up: true }, 'up');
          break;
        case 'network.set': {
          const change = networkChange(action);
          device.setNetwork(change, JSON.stringify(change));
          break;
        }
        case 'firmware.crash':
          device.crashOnBoot(action.artifactName);
          break;
        case 'device.recommission':
          device.recommission();
          break;
      }
    }
    return {};
  }

  /** Exempt devices are named by the server's ids, so only those it has met can be. */
  private setRateLimit(action: Extract<UserAction, { action: 'server.rate-limit' }>) {
    if (action.policy === 'off') {
      this.server.setRateLimit(null);
      return {};
    }
    const exempt: string[] = [];
    const notYetSeenByServer: string[] = [];
    for (const id of action.exemptDevices ?? []) {
      const known = this.server.findDevice(this.fleet.get(id)!.identity);
      if (known === undefined) notYetSeenByServer.push(id);
      else exempt.push(known.id);
    }
    const { kind, ...numbers } = action.policy;
    const defined = Object.fromEntries(
      Object.entries(numbers).filter(([, v]) => v !== undefined),
    );
    this.server.setRateLimit(
      kind === 'fixed-window'
        ? fixedWindowLimit({ ...defined, exemptDeviceIds: exempt })
        : tierIntervalLimit({ ...defined, exemptDeviceIds: exempt }),
    );
    return notYetSeenByServer.length > 0 ? { notYetSeenByServer } : {};
  }

  /** Accept, reject or decommission: each selected device the server has met. */
  private admit(
    kind: 'devices.accept' | 'devices.reject' | 'devices.decommission',
    selector: DeviceSelector,
  ) {
    const done: string[] = [];
    const unknown: string[] = [];
    for (const [id, entry] of this.selectWithIds(selector)) {
      const known = this.server.findDevice(entry.identity);
      if (known === undefined) {
        unknown.push(id);
        continue;
      }
      if (kind === 'devices.accept') {
        if (known.status === 'accepted') continue;
        this.server.acceptDevice(known.id);
      } else if (kind === 'devices.reject') this.server.rejectDevice(known.id);
      else this.server.decommissionDevice(known.id);
      done.push(id);
    }
    return { done, ...(unknown.length > 0 ? { notYetSeenByServer: unknown } : {}) };
  }

  private createDeployment(action: Extract<UserAction, { action: 'deployment.create' }>) {
    const deviceIds =
      action.devices === 'all'
        ? undefined
        : this.selectWithIds(action.devices)
            .map(([, entry]) => this.server.findDevice(entry.identity)?.id)
            .filter((id): id is string => id !== undefined);
    const id = this.server.createDeployment({
      name: action.name,
      artifactName: action.artifactName,
      forceInstallation: action.forceInstallation,
      ...(deviceIds === undefined ? { allDevices: true } : { devices: deviceIds }),
    });
    this.deploymentIds.set(action.name, id);
    return { deploymentId: id };
  }

  private select(selector: DeviceSelector): FleetDevice[] {
    return this.selectWithIds(selector).map(([, entry]) => entry);
  }

  private selectWithIds(selector: DeviceSelector): [string, FleetDevice][] {
    if (selector === 'all') return [...this.fleet];
    return selector.map((id) => [id, this.fleet.get(id)!]);
  }

  private createTransport(): Transport {
    const choice = this.options.transport ?? { kind: 'in-process' };
    return choice.kind === 'in-process'
      ? createInProcessTransport(this.kernel, this.server.routing)
      : createServiceWorkerTransport(this.kernel, choice.fetch);
  }

  /** The server's "added latency" fault lengthens every exchange. */
  private withServerLatency(transport: Transport): Transport {
    return {
      kind: transport.kind,
      send: (request, options, onOutcome) =>
        transport.send(
          request,
          { ...options, latencyMs: options.latencyMs + this.server.extraLatencyMs() },
          onOutcome,
        ),
    };
  }

  /** The build a device runs: its group's, or its own override applied to it. */
  private buildOf(group: FleetGroup, groupIndex: number, index: number): DeviceBuild {
    const override = group.overrides?.[String(index)];
    if (override === undefined) {
      return { group, setup: this.groups.get(group.name)!, overridden: false };
    }
    const built: FleetGroup = {
      ...group,
      kconfig: override.kconfig ?? group.kconfig,
      modules: override.modules ?? group.modules,
      restart: override.restart ?? group.restart,
    };
    const setup = setUpGroup(
      built,
      groupIndex,
      this.server.tenantToken,
      this.source,
      `fleet[${groupIndex}].overrides.${index}`,
    );
    return { group: built, setup, overridden: true };
  }

  private buildFleet(): Map<string, FleetDevice> {
    const fleet = new Map<string, FleetDevice>();
    let fleetIndex = 0;
    this.scenario.fleet.forEach((group, groupIndex) => {
      const beyond = Object.keys(group.overrides ?? {}).filter(
        (key) => Number(key) > group.count,
      );
      if (beyond.length > 0) {
        throw new ScenarioError(
          this.source,
          beyond.map((key) => ({
            path: `fleet[${groupIndex}].overrides.${key}`,
            message: `names device ${key}, but the group has ${group.count}; use a number from 1 to ${group.count}`,
          })),
        );
      }
    });
    for (const [groupIndex, group] of this.scenario.fleet.entries()) {
      for (let index = 1; index <= group.count; index++) {
        fleetIndex++;
        const id = `${group.name}-${index}`;
        const random = this.kernel.random.fork(`device:${id}`);
        const build = this.buildOf(group, groupIndex, index);
        const options = deviceOptions(id, fleetIndex, build.group, build.setup, random);
        const device = createSimulatedDevice({
          ...options,
          kernel: this.kernel,
          transport: this.transport,
        });
        const pair = identityPairFor(fleetIndex);
        fleet.set(id, {
          device,
          keys: options.identity,
          group: group.name,
          identity: { [pair.name]: pair.value },
          build,
        });
      }
    }
    return fleet;
  }

  /** The integration-test harness restarts the process when the client waits for a reboot. */
  private harnessRestart(deviceId: string, message: string): void {
    if (message !== 'Waiting for a reboot') return;
    const entry = this.fleet.get(deviceId);
    if (entry === undefined || entry.build.group.restart !== 'harness') return;
    this.kernel.clock.setTimeout(() => entry.device.reboot('test harness restart'), 0);
  }

  /** Device ids and uploaded files named anywhere in the scenario must exist: found at load, not mid-run. */
  private checkNamesExist(): void {
    const problems: ScenarioProblem[] = [];
    const check = (selector: DeviceSelector | undefined, path: string) => {
      if (selector === undefined || selector === 'all') return;
      selector.forEach((id, index) => {
        if (this.fleet.has(id)) return;
        problems.push({
          path: `${path}[${index}]`,
          message: `names "${id}", which the fleet does not have (ids are the group name and a number from 1, e.g. "${this.fleet.keys().next().value}")`,
        });
      });
    };
    this.scenario.timeline.forEach((action, index) => {
      if ('devices' in action) check(action.devices, `timeline[${index}].devices`);
      if ('exemptDevices' in action)
        check(action.exemptDevices, `timeline[${index}].exemptDevices`);
    });
    check(this.scenario.server.preauthorize, 'server.preauthorize');
    this.scenario.timeline.forEach((action, index) => {
      if (action.action !== 'management.request' || action.upload === undefined) return;
      if (this.files.has(action.upload.sha256)) return;
      problems.push({
        path: `timeline[${index}].upload.sha256`,
        message: `names the file ${action.upload.sha256}, which this simulation was not given; a workspace carries the files its uploads name`,
      });
    });
    this.scenario.run.expect?.forEach((expectation, index) =>
      check(expectation.devices, `run.expect[${index}].devices`),
    );
    if (problems.length > 0) throw new ScenarioError(this.source, problems);
  }

  private uploadArtifact(source: ArtifactSource, index: number): void {
    const path = `server.artifacts[${index}]`;
    let bytes: Uint8Array;
    if ('file' in source) {
      if (this.options.readArtifactFile === undefined) {
        throw new ScenarioError(this.source, [
          {
            path: `${path}.file`,
            message: 'names a file, but this simulation was given no way to read files',
          },
        ]);
      }
      try {
        bytes = this.options.readArtifactFile(source.file);
      } catch (error) {
        if (error instanceof ScenarioError) throw error;
        throw new ScenarioError(this.source, [
          {
            path: `${path}.file`,
            message: `names "${source.file}", which cannot be read: ${error instanceof Error ? error.message : String(error)}`,
          },
        ]);
      }
    } else {
      const spec = source.build;
      bytes = writeArtifact({
        artifactName: spec.artifactName,
        payloadType: spec.payloadType,
        deviceTypes: spec.deviceTypes,
        ...(spec.provides !== undefined ? { provides: spec.provides } : {}),
        ...(spec.depends !== undefined ? { depends: spec.depends } : {}),
        files: [
          {
            name: 'zephyr.signed.bin',
            data: this.firmwareBytes(spec.artifactName, spec.payloadBytes),
          },
        ],
      });
    }
    this.kernel.defer(
      () => this.server.uploadArtifact(bytes, `scenario ${path}`),
      () => undefined,
      (error) => {
        throw new ScenarioError(this.source, [
          {
            path,
            message: `was refused by the server: ${error instanceof Error ? error.message : String(error)}`,
          },
        ]);
      },
    );
  }

  /** Stand-in firmware bytes, made from the seed so the artifact is the same every run. */
  private firmwareBytes(artifactName: string, size: number): Uint8Array {
    return this.kernel.random.fork(`firmware:${artifactName}`).bytes(size);
  }

  private preauthorize(): void {
    const selector = this.scenario.server.preauthorize;
    if (selector === undefined) return;
    for (const [, entry] of this.selectWithIds(selector)) {
      this.server.preauthorizeDevice(entry.identity, entry.keys.firstPublicKeyPem());
    }
  }

  /** Spreads each group's power-on times evenly over its boot window. */
  private scheduleBoots(): void {
    for (const group of this.scenario.fleet) {
      const windowMs = group.bootWindowSeconds * 1000;
      for (let index = 0; index < group.count; index++) {
        const { device } = this.fleet.get(`${group.name}-${index + 1}`)!;
        const at = group.count > 1 ? (windowMs * index) / group.count : 0;
        this.kernel.clock.setTimeout(() => device.powerOn('boot'), at);
      }
    }
  }
}
