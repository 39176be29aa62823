import { create } from 'zustand';

import {
  ScenarioError,
  Simulation,
  type Scenario,
  type UserAction,
} from '../fleet/index.ts';
import {
  Player,
  type FrameHost,
  type PlayerStatus,
  type TransportKind,
} from '../sim/index.ts';
import {
  BreakpointMonitor,
  type Breakpoint,
  type BreakpointCondition,
  type BreakpointHit,
} from './debugger/breakpoints.ts';
import { FleetLive } from './fleetLive.ts';
import { answerWithRoutingOf } from './mockWorker.ts';

/** Fleets up to this size go through the service worker, so DevTools shows each request. */
export const SERVICE_WORKER_FLEET_LIMIT = 50;

/**
 * A message to ourselves is the quickest way back to the event loop's next
 * turn (input and rendering run first when due; `setTimeout` would add its
 * minimum delay).
 */
function sliceScheduler(): (callback: () => void) => void {
  const waiting: (() => void)[] = [];
  let channel: MessageChannel | undefined;
  return (callback) => {
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(callback);
    channel.port2.postMessage(null);
  };
}

const browserFrames: FrameHost = {
  now: () => performance.now(),
  requestFrame: (callback) => requestAnimationFrame(() => callback()),
  cancelFrame: (handle) => cancelAnimationFrame(handle as number),
  requestSlice: sliceScheduler(),
};

interface SimulationState {
  simulation: Simulation | null;
  player: Player | null;
  status: PlayerStatus;
  /** The fleet view's live rows and counts: subscribe per device, not to the store. */
  live: FleetLive | null;
  traceHash: string;
  breakpoints: readonly Breakpoint[];
  /** The breakpoint that paused the run last, until the run goes on. */
  breakpointHit: BreakpointHit | null;
  /** Set while the run is rebuilt by replay (a jump back in time). */
  rebuilding: string | null;
  wire: TransportKind;
  workerReady: boolean;
  /** A problem with something the user gave us; the running workspace is untouched. */
  loadError: string | null;

  setWorkerReady(ready: boolean): void;
  /** Builds and starts `scenario`; `source` (the file's name) is what load errors call it. */
  load(scenario: Scenario, wire?: TransportKind, source?: string): void;
  reportLoadError(error: unknown): void;
  perform(action: UserAction): void;
  play(): void;
  pause(): void;
  step(): Promise<void>;
  setSpeed(speed: number): void;
  runToEnd(): Promise<void>;
  /**
   * Runs to a virtual time. A time in the past rebuilds the run by replaying
   * the scenario and the user's recorded actions up to it.
   */
  jumpTo(time: number): Promise<void>;
  addBreakpoint(condition: BreakpointCondition): void;
  removeBreakpoint(id: number): void;
}

const pausedStatus: PlayerStatus = {
  mode: 'paused',
  speed: 1,
  virtualTime: 0,
  behind: false,
};

export const useSimulationStore = create<SimulationState>((set, get) => {
  let unsubscribe: (() => void) | undefined;
  let monitor: BreakpointMonitor | undefined;
  let nextBreakpointId = 1;

  // The player calls this once per frame while playing, and after each step
  // or action: the one place the UI catches up with the run.
  const refresh = () => {
    const { simulation, player, live } = get();
    if (simulation === null || player === null) return;
    live?.flush();
    const status = player.status();
    set({
      status,
      traceHash: simulation.kernel.trace.digest(),
      ...(status.mode === 'playing' ? { breakpointHit: null } : {}),
    });
  };

  /** Makes `simulation` the running one; the previous one is dropped. */
  const install = (simulation: Simulation, wire: TransportKind) => {
    get().player?.pause();
    unsubscribe?.();
    monitor?.dispose();
    get().live?.dispose();
    answerWithRoutingOf(simulation.server.routing);
    const player = new Player(simulation.kernel, browserFrames);
    player.setEndTime(simulation.endTime);
    const live = new FleetLive(simulation);
    monitor = new BreakpointMonitor(simulation, (hit) => {
      player.pause();
      set({ breakpointHit: hit });
    });
    monitor.set(get().breakpoints);
    unsubscribe = player.subscribe(refresh);
    set({ simulation, player, live, wire, loadError: null, breakpointHit: null });
  };

  const transportFor = (wire: TransportKind) =>
    wire === 'service-worker'
      ? { kind: 'service-worker' as const, fetch: (request: Request) => fetch(request) }
      : { kind: 'in-process' as const };

  return {
    simulation: null,
    player: null,
    status: pausedStatus,
    live: null,
    traceHash: '',
    breakpoints: [],
    breakpointHit: null,
    rebuilding: null,
    wire: 'in-process',
    workerReady: false,
    loadError: null,

    setWorkerReady: (ready) => set({ workerReady: ready }),

    load(scenario, wireChoice, source) {
      const deviceCount = scenario.fleet.reduce((total, group) => total + group.count, 0);
      const wire: TransportKind =
        wireChoice ??
        (get().workerReady && deviceCount <= SERVICE_WORKER_FLEET_LIMIT
          ? 'service-worker'
          : 'in-process');

      // Built first: a scenario that fails here leaves the running one as it was.
      const simulation = new Simulation(scenario, {
        transport: transportFor(wire),
        ...(source !== undefined ? { source } : {}),
      });
      install(simulation, wire);
      simulation.start();
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

    async jumpTo(time) {
      const { simulation, player, wire } = get();
      if (simulation === null || player === null || get().rebuilding !== null) return;
      if (time >= simulation.kernel.now()) {
        await player.runUntil(time);
        refresh();
        return;
      }
      player.pause();
      const actions = simulation.recordedActions.filter(
        (recorded) => recorded.atMs <= time,
      );
      set({ rebuilding: `Replaying the run to ${time} ms` });
      try {
        const rebuilt = new Simulation(simulation.scenario, {
          transport: transportFor(wire),
        });
        install(rebuilt, wire);
        // The replay goes over ground already covered: breakpoints wait until it is done.
        monitor?.set([]);
        await rebuilt.replay(actions);
        monitor?.set(get().breakpoints);
        const { player: replayPlayer } = get();
        await replayPlayer?.runUntil(time);
      } finally {
        set({ rebuilding: null });
        refresh();
      }
    },

    addBreakpoint(condition) {
      const breakpoints = [
        ...get().breakpoints,
        { ...condition, id: nextBreakpointId++ },
      ];
      monitor?.set(breakpoints);
      set({ breakpoints });
    },

    removeBreakpoint(id) {
      const breakpoints = get().breakpoints.filter((breakpoint) => breakpoint.id !== id);
      monitor?.set(breakpoints);
      set({ breakpoints });
    },
  };
});
