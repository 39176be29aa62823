import { pathOf, type TraceRecord } from '../sim/index.ts';
import { flashView, type FlashView } from './flashView.ts';
import type { Expectation } from './scenarioSchema.ts';
import type { RefusedAction, Simulation } from './simulation.ts';

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
  readonly flash: FlashView;
  readonly image: { readonly running: string; readonly confirmed: boolean };
  /** Records dropped from the device's kept history (the hash covers them). */
  readonly droppedRecords: number;
}

export interface DeploymentReport {
  readonly name: string;
  readonly artifactName: string;
  readonly status: string;
  readonly statistics: Record<string, number>;
  readonly devices: Record<string, string>;
}

export interface ExpectationResult {
  readonly device: string;
  readonly check: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface SimulationReport {
  readonly scenario: string;
  readonly seed: number;
  readonly virtualTimeMs: number;
  readonly traceHash: string;
  readonly events: number;
  readonly records: number;
  readonly devices: DeviceReport[];
  readonly deployments: DeploymentReport[];
  readonly expectations: ExpectationResult[];
  /** Actions the server or the simulation refused during the run, in order. */
  readonly refusedActions: readonly RefusedAction[];
}

function deviceReport(simulation: Simulation, id: string): DeviceReport {
  const trace = simulation.kernel.trace;
  const { device, build } = simulation.fleet.get(id)!;
  const states: DeviceReport['states'] = [];
  const http: DeviceReport['http'] = [];
  for (const record of trace.history(id) as TraceRecord[]) {
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
  // The device's own build: an override may turn the CRC on or off for it alone.
  const withCrc = build.setup.settings.deploymentDataCrc;
  return {
    id,
    states,
    http,
    flash: flashView(device, withCrc),
    image: { running: device.mcuboot.primary.name, confirmed: device.mcuboot.confirmed },
    droppedRecords: trace.droppedFor(id),
  };
}

function deploymentReports(simulation: Simulation): DeploymentReport[] {
  const fleetIdByServerId = new Map<string, string>();
  for (const [id, entry] of simulation.fleet) {
    const known = simulation.server.findDevice(entry.identity);
    if (known !== undefined) fleetIdByServerId.set(known.id, id);
  }
  return simulation.server.listDeployments().map((deployment) => {
    const devices: Record<string, string> = {};
    for (const serverId of fleetIdByServerId.keys()) {
      const record = simulation.server.deviceDeployment(deployment.id, serverId);
      if (record !== undefined) devices[fleetIdByServerId.get(serverId)!] = record.status;
    }
    return {
      name: deployment.name,
      artifactName: deployment.artifactName,
      status: deployment.status,
      statistics: Object.fromEntries(
        Object.entries(deployment.stats).filter(([, n]) => n > 0),
      ),
      devices,
    };
  });
}

/** Whether `wanted` occurs in `seen` in order, other entries allowed between. */
function visitedInOrder(seen: readonly string[], wanted: readonly string[]): boolean {
  let next = 0;
  for (const state of seen) if (state === wanted[next]) next++;
  return next === wanted.length;
}

/** What an expectation may look at besides the device's own report. */
interface ExpectationContext {
  readonly deployments: readonly DeploymentReport[];
  readonly logLines: (deviceId: string) => string[];
}

function checkExpectation(
  report: DeviceReport,
  expectation: Expectation,
  context: ExpectationContext,
): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const statuses = new Set(report.http.map((exchange) => exchange.status));
  const seenStatuses = () =>
    [...statuses].filter((status) => status !== null).join(', ') || 'none';
  if (expectation.statesVisited !== undefined) {
    const seen = report.states.map((entry) => entry.state);
    results.push({
      device: report.id,
      check: `visits ${expectation.statesVisited.join(' → ')}`,
      passed: visitedInOrder(seen, expectation.statesVisited),
      detail: `entered ${seen.join(' → ')}`,
    });
  }
  if (expectation.finalImage !== undefined) {
    results.push({
      device: report.id,
      check: `runs ${expectation.finalImage}`,
      passed: report.image.running === expectation.finalImage,
      detail: `runs ${report.image.running}`,
    });
  }
  if (expectation.imageConfirmed !== undefined) {
    results.push({
      device: report.id,
      check: expectation.imageConfirmed ? 'image confirmed' : 'image not confirmed',
      passed: report.image.confirmed === expectation.imageConfirmed,
      detail: report.image.confirmed ? 'confirmed' : 'not confirmed',
    });
  }
  if (expectation.statesNotVisited !== undefined) {
    const seen = new Set(report.states.map((entry) => entry.state));
    const entered = expectation.statesNotVisited.filter((state) => seen.has(state));
    results.push({
      device: report.id,
      check: `never enters ${expectation.statesNotVisited.join(', ')}`,
      passed: entered.length === 0,
      detail: entered.length === 0 ? 'none entered' : `entered ${entered.join(', ')}`,
    });
  }
  if (expectation.statusesSeen !== undefined) {
    const missing = expectation.statusesSeen.filter((status) => !statuses.has(status));
    results.push({
      device: report.id,
      check: `receives ${expectation.statusesSeen.join(', ')}`,
      passed: missing.length === 0,
      detail: `received ${seenStatuses()}`,
    });
  }
  if (expectation.statusesNotSeen !== undefined) {
    const received = expectation.statusesNotSeen.filter((status) => statuses.has(status));
    results.push({
      device: report.id,
      check: `never receives ${expectation.statusesNotSeen.join(', ')}`,
      passed: received.length === 0,
      detail: `received ${seenStatuses()}`,
    });
  }
  if (expectation.deployment !== undefined) {
    const { name, status } = expectation.deployment;
    const deployment = context.deployments.find((entry) => entry.name === name);
    const actual = deployment?.devices[report.id];
    results.push({
      device: report.id,
      check: `deployment "${name}" ends ${status}`,
      passed: actual === status,
      detail:
        deployment === undefined
          ? `the server has no deployment named "${name}"`
          : actual === undefined
            ? 'the device is not in that deployment'
            : `ends ${actual}`,
    });
  }
  if (expectation.logContains !== undefined) {
    const text = expectation.logContains;
    const lines = context.logLines(report.id);
    results.push({
      device: report.id,
      check: `logs "${text}"`,
      passed: lines.some((line) => line.includes(text)),
      detail: `${lines.length} log lines kept, none with that text`,
    });
  }
  return results;
}

/** The device's log lines still kept in its history. */
function logLines(simulation: Simulation, deviceId: string): string[] {
  return (simulation.kernel.trace.history(deviceId) as TraceRecord[]).flatMap((record) =>
    record.kind === 'log' ? [record.message] : [],
  );
}

/** What `npm run sim` writes: per device, the states, the exchanges and the flash. */
export function buildReport(simulation: Simulation): SimulationReport {
  const trace = simulation.kernel.trace;
  const devices = [...simulation.fleet.keys()].map((id) => deviceReport(simulation, id));
  const byId = new Map(devices.map((device) => [device.id, device]));
  const deployments = deploymentReports(simulation);
  const context: ExpectationContext = {
    deployments,
    logLines: (id) => logLines(simulation, id),
  };
  const expectations = (simulation.scenario.run.expect ?? []).flatMap((expectation) => {
    const ids = expectation.devices === 'all' ? [...byId.keys()] : expectation.devices;
    return ids.flatMap((id) => checkExpectation(byId.get(id)!, expectation, context));
  });
  return {
    scenario: simulation.scenario.name,
    seed: simulation.scenario.run.seed,
    virtualTimeMs: simulation.kernel.now(),
    traceHash: trace.digest(),
    events: simulation.kernel.clock.fired,
    records: trace.aggregates.records,
    devices,
    deployments,
    expectations,
    refusedActions: [...simulation.refusals],
  };
}
