/**
 * Polling-lab workloads, measured in Node and in Chromium: one fleet of the
 * lab with its metrics collector subscribed, so the figure includes
 * aggregating the traffic as it is recorded.
 */
import { Simulation, validateScenario } from '../src/fleet/index.ts';
import { validateLab, type PresetName } from '../src/lab/index.ts';
import { FleetMetrics } from '../src/lab/fleetMetrics.ts';
import { deviceIds, fleetScenario } from '../src/lab/labScenario.ts';

export interface LabFleetFigures {
  readonly wallMs: number;
  readonly virtualMs: number;
  readonly devices: number;
  readonly exchanges: number;
  /** Heap in use a third of the way through, bytes (NaN where the runtime does not say). */
  readonly heapThirdBytes: number;
  /** Heap in use at the end: close to the third's when memory does not grow with the run. */
  readonly heapBytes: number;
}

let heapProbe: () => number = () => Number.NaN;
export function setLabHeapProbe(probe: () => number): void {
  heapProbe = probe;
}

/** Runs one lab fleet of `devices` at `preset` for `virtualSeconds`, boots over the first poll interval. */
export async function runLabFleet(
  preset: Exclude<PresetName, 'custom'>,
  devices: number,
  virtualSeconds: number,
): Promise<LabFleetFigures> {
  const lab = validateLab(
    {
      format: 'mcu-fleet-simulator/lab',
      version: 1,
      name: `bench ${preset}`,
      seed: 1,
      durationSeconds: virtualSeconds,
      devices,
      fleets: [
        { name: preset, preset },
        { name: 'unused', preset: 'micro' },
      ],
    },
    'bench',
  );
  const fleet = lab.fleets[0]!;
  const simulation = new Simulation(
    validateScenario(fleetScenario(lab, fleet), `bench ${preset}`),
  );
  const metrics = new FleetMetrics({
    deviceIds: deviceIds(fleet, devices),
    testDeviceIds: [],
    durationSeconds: virtualSeconds,
  });
  simulation.kernel.trace.subscribe(metrics.observe);
  const started = performance.now();
  simulation.start();
  await simulation.kernel.runUntil(simulation.endTime / 3);
  const probeStarted = performance.now();
  const heapThirdBytes = heapProbe();
  const probeMs = performance.now() - probeStarted;
  await simulation.kernel.runUntil(simulation.endTime);
  const wallMs = performance.now() - started - probeMs;
  const measured = metrics.measurements(simulation.kernel.now());
  return {
    wallMs,
    virtualMs: simulation.kernel.now(),
    devices,
    exchanges: Object.values(measured.endpoints).reduce(
      (sum, totals) => sum + totals.requests,
      0,
    ),
    heapThirdBytes,
    heapBytes: heapProbe(),
  };
}

export const labWorkloads = { runLabFleet };
