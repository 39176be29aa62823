import { create } from 'zustand';

import {
  ScenarioError,
  Simulation,
  type ProbeSnapshot,
  type Scenario,
} from '../fleet/index.ts';
import {
  Player,
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

interface SimulationState {
  simulation: Simulation | null;
  player: Player | null;
  status: PlayerStatus;
  devices: ProbeSnapshot[];
  traceHash: string;
  wire: TransportKind;
  workerReady: boolean;
  /** A problem with something the user gave us; the running workspace is untouched. */
  loadError: string | null;

  setWorkerReady(ready: boolean): void;
  load(scenario: Scenario, wire?: TransportKind): void;
  reportLoadError(error: unknown): void;
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

export const useSimulationStore = create<SimulationState>((set, get) => {
  let unsubscribe: (() => void) | undefined;

  const refresh = () => {
    const { simulation, player } = get();
    if (simulation === null || player === null) return;
    set({
      status: player.status(),
      devices: [...simulation.devices.values()].map((device) => device.snapshot()),
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

      get().player?.pause();
      unsubscribe?.();
      const simulation = new Simulation(scenario, {
        transport:
          wire === 'service-worker'
            ? { kind: 'service-worker', fetch: (request) => fetch(request) }
            : { kind: 'in-process' },
      });
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
