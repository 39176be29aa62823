import { create } from 'zustand';

import type { DeviceSnapshot } from '../devices/simulatedDevice.ts';
import {
  ScenarioError,
  Simulation,
  type Scenario,
  type UserAction,
} from '../fleet/index.ts';
import {
  Player,
  pathOf,
  type FrameHost,
  type PlayerStatus,
  type TransportKind,
} from '../sim/index.ts';
import { answerWithRoutingOf } from './mockWorker.ts';

/** Fleets up to this size go through the service worker, so DevTools shows each request. */
export const SERVICE_WORKER_FLEET_LIMIT = 50;

const browserFrames: FrameHost = {
  now: () => performance.now(),
  requestFrame: (callback) => requestAnimationFrame(() => callback()),
  cancelFrame: (handle) => cancelAnimationFrame(handle as number),
};

/** One row of the fleet view. */
export interface DeviceRow extends DeviceSnapshot {
  readonly group: string;
  readonly lastRequest: string | undefined;
  readonly lastStatus: number | undefined;
  readonly lastFailure: string | undefined;
}

interface SimulationState {
  simulation: Simulation | null;
  player: Player | null;
  status: PlayerStatus;
  devices: DeviceRow[];
  traceHash: string;
  wire: TransportKind;
  workerReady: boolean;
  /** A problem with something the user gave us; the running workspace is untouched. */
  loadError: string | null;

  setWorkerReady(ready: boolean): void;
  load(scenario: Scenario, wire?: TransportKind): void;
  reportLoadError(error: unknown): void;
  perform(action: UserAction): void;
  play(): void;
  pause(): void;
  step(): Promise<void>;
  setSpeed(speed: number): void;
  runToEnd(): Promise<void>;
}

const pausedStatus: PlayerStatus = {
  mode: 'paused',
  speed: 1,
  virtualTime: 0,
  behind: false,
};

function rowsOf(simulation: Simulation): DeviceRow[] {
  return [...simulation.fleet].map(([id, entry]) => {
    const exchange = simulation.lastExchange.get(id);
    return {
      ...entry.device.snapshot(),
      group: entry.group,
      lastRequest:
        exchange && `${exchange.request.method} ${pathOf(exchange.request.url)}`,
      lastStatus: exchange?.response?.status,
      lastFailure: exchange?.failure,
    };
  });
}

export const useSimulationStore = create<SimulationState>((set, get) => {
  let unsubscribe: (() => void) | undefined;

  const refresh = () => {
    const { simulation, player } = get();
    if (simulation === null || player === null) return;
    set({
      status: player.status(),
      devices: rowsOf(simulation),
      traceHash: simulation.kernel.trace.digest(),
    });
  };

  return {
    simulation: null,
    player: null,
    status: pausedStatus,
    devices: [],
    traceHash: '',
    wire: 'in-process',
    workerReady: false,
    loadError: null,

    setWorkerReady: (ready) => set({ workerReady: ready }),

    load(scenario, wireChoice) {
      const deviceCount = scenario.fleet.reduce((total, group) => total + group.count, 0);
      const wire: TransportKind =
        wireChoice ??
        (get().workerReady && deviceCount <= SERVICE_WORKER_FLEET_LIMIT
          ? 'service-worker'
          : 'in-process');

      // Built first: a scenario that fails here leaves the running one as it was.
      const simulation = new Simulation(scenario, {
        transport:
          wire === 'service-worker'
            ? { kind: 'service-worker', fetch: (request) => fetch(request) }
            : { kind: 'in-process' },
      });
      get().player?.pause();
      unsubscribe?.();
      answerWithRoutingOf(simulation.server.routing);
      const player = new Player(simulation.kernel, browserFrames);
      unsubscribe = player.subscribe(refresh);
      simulation.start();
      set({ simulation, player, wire, loadError: null });
      refresh();
    },

    reportLoadError(error) {
      const message =
        error instanceof ScenarioError || error instanceof Error
          ? error.message
          : String(error);
      set({ loadError: message });
    },

    perform(action) {
      const { simulation, player } = get();
      if (simulation === null || player === null) return;
      player.runAtSafePoint(() => simulation.perform(action));
    },
    play: () => get().player?.play(),
    pause: () => get().player?.pause(),
    step: async () => {
      await get().player?.step();
      refresh();
    },
    setSpeed: (speed) => get().player?.setSpeed(speed),
    async runToEnd() {
      const { simulation, player } = get();
      if (simulation === null || player === null) return;
      await player.runUntil(simulation.endTime);
      refresh();
    },
  };
});
