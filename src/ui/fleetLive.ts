import type { Simulation } from '../fleet/index.ts';
import { UPDATE_STATES } from '../machines/index.ts';
import {
  fromUtf8,
  pathOf,
  type HttpExchangeRecord,
  type TraceRecord,
} from '../sim/index.ts';

/**
 * What the fleet view groups devices by: the update state while an update
 * runs (from the server's offer on), otherwise the client state; OFF,
 * BOOTING and BRICKED around them.
 */
export type FleetState = string;

/** The order groups and filters list the states in. */
export const FLEET_STATE_ORDER: readonly FleetState[] = [
  'OFF',
  'BOOTING',
  'BRICKED',
  'INITIALIZATION',
  'OPERATIONAL',
  // The update states in the client's order, its PENDING_REBOOT after REBOOT; END is idle.
  ...UPDATE_STATES.flatMap((state): FleetState[] =>
    state === 'END' ? [] : state === 'REBOOT' ? [state, 'PENDING_REBOOT'] : [state],
  ),
];

/** A download under way: the artifact's size and how far the link has got. */
export interface DownloadProgress {
  readonly totalBytes: number;
  /** Bytes the link has delivered by now at its bandwidth (the client's own chunk timing). */
  readonly receivedBytes: number;
}

/** One row of the fleet view. */
export interface DeviceRow {
  readonly id: string;
  readonly group: string;
  readonly fleetState: FleetState;
  readonly clientState: string | undefined;
  readonly updateState: string | undefined;
  readonly powered: boolean;
  readonly bricked: boolean;
  readonly networkUp: boolean;
  /** The image in MCUboot's primary slot, and whether it is confirmed. */
  readonly image: string;
  readonly imageConfirmed: boolean;
  /** The artifact the server offered in the update under way. */
  readonly targetArtifact: string | undefined;
  readonly lastRequest: string | undefined;
  readonly lastStatus: number | undefined;
  readonly lastFailure: string | undefined;
  readonly lastExchangeAt: number | undefined;
  readonly download: DownloadProgress | undefined;
}

/** The live, cheap-to-keep facts about a device, updated record by record. */
interface DeviceFacts {
  powered: boolean;
  clientState: string | undefined;
  updateState: string | undefined;
  targetArtifact: string | undefined;
  /** The artifact body's arrival, while in DOWNLOAD. */
  downloadStart: { readonly at: number; readonly bytes: number } | undefined;
  fleetState: FleetState;
}

function fleetStateOf(facts: DeviceFacts): FleetState {
  if (!facts.powered) return 'OFF';
  // mender-mcu checks for a deployment from its DOWNLOAD state; until the
  // server offers one, that check is the idle poll of an OPERATIONAL device.
  const idlePoll = facts.updateState === 'DOWNLOAD' && facts.targetArtifact === undefined;
  if (facts.updateState !== undefined && facts.updateState !== 'END' && !idlePoll) {
    return facts.updateState;
  }
  return facts.clientState ?? 'BOOTING';
}

function offeredArtifact(record: HttpExchangeRecord): string | undefined {
  const { request, response } = record;
  if (response?.status !== 200 || request.method === 'PUT') return undefined;
  if (!request.url.includes('/deployments/device/deployments/next')) return undefined;
  try {
    const offer = JSON.parse(fromUtf8(response.body)) as {
      artifact?: { artifact_name?: unknown };
    };
    const name = offer.artifact?.artifact_name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

type Listener = () => void;

/**
 * The fleet as the dashboard sees it, kept up to date from the trace without
 * walking the fleet: each record touches its own device's facts and the
 * counts by state. Changes reach subscribers once per `flush` (the app calls
 * it once per animation frame), and a row is only rebuilt when something
 * shows it.
 */
export class FleetLive {
  private readonly facts = new Map<string, DeviceFacts>();
  private readonly counts = new Map<FleetState, number>();
  private readonly rowCache = new Map<string, DeviceRow>();
  private readonly versions = new Map<string, number>();
  private readonly deviceListeners = new Map<string, Set<Listener>>();
  private readonly countListeners = new Set<Listener>();
  private dirty = new Set<string>();
  private countsChanged = true;
  private countsSnapshot: ReadonlyMap<FleetState, number> = new Map();
  private readonly unsubscribe: () => void;
  readonly deviceIds: readonly string[];

  constructor(readonly simulation: Simulation) {
    this.deviceIds = [...simulation.fleet.keys()];
    for (const [id, entry] of simulation.fleet) {
      const snapshot = entry.device.snapshot();
      const facts: DeviceFacts = {
        powered: snapshot.powered,
        clientState: snapshot.clientState,
        updateState: snapshot.updateState,
        targetArtifact: undefined,
        downloadStart: undefined,
        fleetState: 'OFF',
      };
      facts.fleetState = snapshot.bricked ? 'BRICKED' : fleetStateOf(facts);
      this.facts.set(id, facts);
      this.counts.set(facts.fleetState, (this.counts.get(facts.fleetState) ?? 0) + 1);
    }
    this.unsubscribe = simulation.kernel.trace.subscribe((record) =>
      this.observe(record),
    );
  }

  dispose(): void {
    this.unsubscribe();
    this.deviceListeners.clear();
    this.countListeners.clear();
  }

  /** Called for every trace record, inside the run loop: kept to map updates. */
  private observe(record: TraceRecord): void {
    const facts = this.facts.get(record.subject);
    if (facts === undefined) return;
    switch (record.kind) {
      case 'state':
        if (record.machine === 'client') facts.clientState = record.state;
        else {
          facts.updateState = record.state;
          // Each check for a deployment starts without an offer.
          if (record.state === 'DOWNLOAD') facts.targetArtifact = undefined;
          if (record.state !== 'DOWNLOAD') facts.downloadStart = undefined;
          if (record.state === 'END') facts.targetArtifact = undefined;
        }
        break;
      case 'power':
        facts.powered = record.on;
        if (!record.on) {
          facts.clientState = undefined;
          facts.updateState = undefined;
          facts.downloadStart = undefined;
        }
        break;
      case 'http': {
        const offered = offeredArtifact(record);
        if (offered !== undefined) facts.targetArtifact = offered;
        else if (
          facts.updateState === 'DOWNLOAD' &&
          record.request.method === 'GET' &&
          record.response?.status === 200 &&
          !record.request.url.includes('/api/')
        ) {
          facts.downloadStart = { at: record.time, bytes: record.response.body.length };
        }
        break;
      }
      case 'log':
        // Bricked is only told by a log line; the snapshot confirms it.
        if (record.level !== 'error') return;
        break;
      default:
        break;
    }
    this.dirty.add(record.subject);
    const bricked =
      record.kind === 'log' &&
      this.simulation.fleet.get(record.subject)?.device.bricked === true;
    const next = bricked ? 'BRICKED' : fleetStateOf(facts);
    if (next !== facts.fleetState) {
      this.counts.set(facts.fleetState, (this.counts.get(facts.fleetState) ?? 1) - 1);
      this.counts.set(next, (this.counts.get(next) ?? 0) + 1);
      facts.fleetState = next;
      this.countsChanged = true;
    }
  }

  /** Tells subscribers what changed since the last flush; once per frame. */
  flush(): void {
    const changed = this.dirty;
    this.dirty = new Set();
    for (const id of changed) {
      this.rowCache.delete(id);
      this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
      const listeners = this.deviceListeners.get(id);
      if (listeners !== undefined) for (const listener of listeners) listener();
    }
    // A download advances with time alone, without records.
    for (const [id, listeners] of this.deviceListeners) {
      if (this.facts.get(id)?.downloadStart === undefined || changed.has(id)) continue;
      this.rowCache.delete(id);
      for (const listener of listeners) listener();
    }
    if (this.countsChanged) {
      this.countsChanged = false;
      this.countsSnapshot = new Map([...this.counts].filter(([, count]) => count > 0));
      for (const listener of this.countListeners) listener();
    }
  }

  subscribeDevice(id: string, listener: Listener): () => void {
    let listeners = this.deviceListeners.get(id);
    if (listeners === undefined) {
      listeners = new Set();
      this.deviceListeners.set(id, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.deviceListeners.delete(id);
    };
  }

  /** Bumped at each flush that saw a record about the device. */
  version(id: string): number {
    return this.versions.get(id) ?? 0;
  }

  subscribeCounts(listener: Listener): () => void {
    this.countListeners.add(listener);
    return () => this.countListeners.delete(listener);
  }

  /** Devices per fleet state, only states with devices; a new map when they change. */
  stateCounts(): ReadonlyMap<FleetState, number> {
    return this.countsSnapshot;
  }

  fleetStateOf(id: string): FleetState | undefined {
    return this.facts.get(id)?.fleetState;
  }

  /** The device's row, built on first read after a change. */
  row(id: string): DeviceRow | undefined {
    const cached = this.rowCache.get(id);
    if (cached !== undefined) return cached;
    const entry = this.simulation.fleet.get(id);
    const facts = this.facts.get(id);
    if (entry === undefined || facts === undefined) return undefined;
    const { device } = entry;
    const exchange = this.simulation.lastExchange.get(id);
    const now = this.simulation.kernel.now();
    const start = facts.downloadStart;
    const row: DeviceRow = {
      id,
      group: entry.group,
      fleetState: facts.fleetState,
      clientState: facts.clientState,
      updateState: facts.updateState,
      powered: device.isPowered,
      bricked: device.bricked,
      networkUp: device.network.conditions.up,
      image: device.mcuboot.primary.name,
      imageConfirmed: device.mcuboot.confirmed,
      targetArtifact: facts.targetArtifact,
      lastRequest:
        exchange && `${exchange.request.method} ${pathOf(exchange.request.url)}`,
      lastStatus: exchange?.response?.status,
      lastFailure: exchange?.failure,
      lastExchangeAt: exchange?.time,
      download:
        start === undefined
          ? undefined
          : {
              totalBytes: start.bytes,
              receivedBytes: Math.min(
                start.bytes,
                Math.floor(
                  ((now - start.at) * device.network.conditions.bandwidthBytesPerSecond) /
                    1000,
                ),
              ),
            },
    };
    this.rowCache.set(id, row);
    return row;
  }
}
