/**
 * Workloads measured both in Node and in Chromium, through the same
 * Simulation the app runs. Each returns plain numbers so that
 * `page.evaluate` can carry them back.
 */
import { Simulation, validateScenario, type ScenarioInput } from '../src/fleet/index.ts';
import { runXStateFloor } from './xstateFloor.ts';

/**
 * How a host reads its heap: Node through `process.memoryUsage`, Chromium
 * through `performance.memory` (both after a forced collection).
 */
export interface HeapProbe {
  /** Bytes of live JS heap after a full collection. */
  usedAfterCollection(): number;
}

let heapProbe: HeapProbe | undefined;

/** Set by the host (bench/fleet.bench.ts, bench/page/main.ts) before running workloads. */
export function setHeapProbe(probe: HeapProbe): void {
  heapProbe = probe;
}

/** Boot window, admission and first polls; the measured hour starts after it. */
export const WARM_UP_SECONDS = 120;
const BOOT_WINDOW_SECONDS = 30;

export interface FleetRunFigures {
  readonly devices: number;
  /** Building the simulation (devices, server, preauthorisation). */
  readonly setupMs: number;
  /** Boots, authentication and the first polls, up to WARM_UP_SECONDS. */
  readonly warmUpMs: number;
  /** The measured span after the warm-up. */
  readonly wallMs: number;
  readonly virtualMs: number;
  /** Kernel events fired in the measured span. */
  readonly events: number;
  /** HTTP exchanges recorded in the measured span. */
  readonly exchanges: number;
  /** Heap grown by the fleet (devices, server, trace) after the warm-up, per device. */
  readonly heapBytesPerDeviceWarm: number;
  /** The same at the end of the measured span, when every history ring is full. */
  readonly heapBytesPerDeviceEnd: number;
  /** The run's trace hash, to compare hosts. */
  readonly traceHash: string;
}

/**
 * An accepted fleet polling at the demo intervals (update check 30 s,
 * inventory 60 s) for the warm-up and then `measuredSeconds`.
 */
export function idleFleetScenario(
  devices: number,
  measuredSeconds: number,
): ScenarioInput {
  return {
    format: 'mcu-fleet-simulator/scenario',
    version: 1,
    name: `${devices} idle devices`,
    run: {
      seed: 1,
      durationSeconds: WARM_UP_SECONDS + measuredSeconds,
      historyPerDevice: 8,
    },
    // Accepted before they boot, so that the hour is idle polling, not admission.
    server: { preauthorize: 'all' },
    fleet: [
      {
        name: 'esp32',
        count: devices,
        bootWindowSeconds: BOOT_WINDOW_SECONDS,
        kconfig: {
          options: {
            MENDER_CLIENT_UPDATE_POLL_INTERVAL: 30,
            MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL: 60,
            MENDER_RETRY_ERROR_BACKOFF: 5,
            MENDER_RETRY_ERROR_MAX_BACKOFF: 15,
          },
        },
      },
    ],
  };
}

function heapUsed(): number {
  return heapProbe?.usedAfterCollection() ?? Number.NaN;
}

export async function runIdleFleet(
  devices: number,
  measuredSeconds: number,
): Promise<FleetRunFigures> {
  const heapBefore = heapUsed();
  let started = performance.now();
  const simulation = new Simulation(
    validateScenario(idleFleetScenario(devices, measuredSeconds), 'bench'),
  );
  simulation.start();
  const setupMs = performance.now() - started;

  started = performance.now();
  await simulation.kernel.runUntil(WARM_UP_SECONDS * 1000);
  const warmUpMs = performance.now() - started;
  const heapWarm = heapUsed();

  const { kernel } = simulation;
  const firedBefore = kernel.clock.fired;
  const exchangesBefore = kernel.trace.aggregates.byKind.http;
  started = performance.now();
  await simulation.runToEnd();
  const wallMs = performance.now() - started;
  const events = kernel.clock.fired - firedBefore;
  const exchanges = kernel.trace.aggregates.byKind.http - exchangesBefore;
  const heapEnd = heapUsed();

  return {
    devices,
    setupMs,
    warmUpMs,
    wallMs,
    virtualMs: measuredSeconds * 1000,
    events,
    exchanges,
    heapBytesPerDeviceWarm: (heapWarm - heapBefore) / devices,
    heapBytesPerDeviceEnd: (heapEnd - heapBefore) / devices,
    traceHash: kernel.trace.digest(),
  };
}

export const browserWorkloads = { runIdleFleet, runXStateFloor };
