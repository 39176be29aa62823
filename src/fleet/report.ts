import { pathOf, type TraceRecord } from '../sim/index.ts';
import type { Simulation } from './simulation.ts';

export interface DeviceReport {
  readonly id: string;
  /** States entered, in order, with the machine and virtual time (ms). */
  readonly states: { time: number; machine: string; state: string }[];
  readonly http: {
    time: number;
    method: string;
    path: string;
    status: number | null;
    failure?: string;
  }[];
  readonly flash: Record<string, unknown>;
  /** Records dropped from the device's kept history (the hash covers them). */
  readonly droppedRecords: number;
}

export interface SimulationReport {
  readonly scenario: string;
  readonly seed: number;
  readonly virtualTimeMs: number;
  readonly traceHash: string;
  readonly events: number;
  readonly records: number;
  readonly devices: DeviceReport[];
}

function deviceReport(id: string, records: TraceRecord[], dropped: number): DeviceReport {
  const states: DeviceReport['states'] = [];
  const http: DeviceReport['http'] = [];
  for (const record of records) {
    if (record.kind === 'state') {
      states.push({ time: record.time, machine: record.machine, state: record.state });
    } else if (record.kind === 'http') {
      http.push({
        time: record.time,
        method: record.request.method,
        path: pathOf(record.request.url),
        status: record.response?.status ?? null,
        ...(record.failure !== undefined ? { failure: record.failure } : {}),
      });
    }
  }
  return { id, states, http, flash: {}, droppedRecords: dropped };
}

/** What `npm run sim` writes: per device, the states, the exchanges and the flash. */
export function buildReport(simulation: Simulation): SimulationReport {
  const trace = simulation.kernel.trace;
  return {
    scenario: simulation.scenario.name,
    seed: simulation.scenario.run.seed,
    virtualTimeMs: simulation.kernel.now(),
    traceHash: trace.digest(),
    events: simulation.kernel.clock.fired,
    records: trace.aggregates.records,
    devices: [...simulation.devices.keys()].map((id) =>
      deviceReport(id, trace.history(id), trace.droppedFor(id)),
    ),
  };
}
