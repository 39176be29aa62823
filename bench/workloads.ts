/**
 * Workloads measured both in Node and in Chromium. Each returns plain
 * numbers so that `page.evaluate` can carry them back.
 */
import { Simulation, validateScenario, type ScenarioInput } from '../src/fleet/index.ts';

export interface FleetRunFigures {
  readonly wallMs: number;
  readonly events: number;
  readonly virtualMs: number;
  readonly devices: number;
}

/** An accepted fleet polling at the demo intervals (30 s / 60 s), run for `virtualSeconds`. */
export function idleFleetScenario(
  devices: number,
  virtualSeconds: number,
): ScenarioInput {
  return {
    format: 'mcu-fleet-simulator/scenario',
    version: 1,
    name: `${devices} idle devices`,
    run: { seed: 1, durationSeconds: virtualSeconds, historyPerDevice: 8 },
    // Accepted before they boot, so that the hour is idle polling, not admission.
    server: { preauthorize: 'all' },
    fleet: [
      {
        name: 'esp32',
        count: devices,
        bootWindowSeconds: 30,
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

export async function runIdleFleet(
  devices: number,
  virtualSeconds: number,
): Promise<FleetRunFigures> {
  const simulation = new Simulation(
    validateScenario(idleFleetScenario(devices, virtualSeconds), 'bench'),
  );
  const started = performance.now();
  await simulation.runToEnd();
  return {
    wallMs: performance.now() - started,
    events: simulation.kernel.clock.fired,
    virtualMs: simulation.kernel.now(),
    devices,
  };
}

export const browserWorkloads = { runIdleFleet };
