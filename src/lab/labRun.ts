import { ScenarioError, Simulation, validateScenario } from '../fleet/index.ts';
import type { LabAssumptions } from './assumptions.ts';
import { FleetMetrics } from './fleetMetrics.ts';
import { LabError, type LabProblem } from './labFile.ts';
import { LAB_REPORT_FORMAT, fleetReport, type LabReport } from './labReport.ts';
import { fleetSettings, labAssumptions, type Lab, type LabFleet } from './labSchema.ts';
import { SETTING_SYMBOLS } from './presets.ts';
import {
  bootWindowSeconds,
  deviceIds,
  fleetScenario,
  testDeviceIds,
} from './labScenario.ts';

/** One fleet of the lab: its own simulation (server included) and its metrics. */
export interface LabFleetRun {
  readonly fleet: LabFleet;
  readonly simulation: Simulation;
  readonly metrics: FleetMetrics;
}

/** Virtual time each fleet advances before the next takes its turn. */
const TURNS = 200;

/**
 * The lab's fleets, run side by side in virtual time. Each fleet has its own
 * server, so one fleet's load or limiter never touches another's; all share
 * the seed, device count and timeline. Headless runs call `runToEnd`; the
 * app calls `advance` in time slices so the page stays responsive.
 */
export class LabRun {
  readonly fleets: LabFleetRun[];
  private readonly endMs: number;
  private started = false;

  /** `source` names the lab in errors about a fleet the simulator refuses. */
  constructor(
    readonly lab: Lab,
    source = 'the lab',
  ) {
    this.endMs = lab.durationSeconds * 1000;
    this.fleets = lab.fleets.map((fleet, index) => {
      const simulation = fleetSimulation(lab, fleet, index, source);
      const metrics = new FleetMetrics({
        deviceIds: deviceIds(fleet, lab.devices),
        testDeviceIds: testDeviceIds(lab, fleet),
        durationSeconds: lab.durationSeconds,
        ...(lab.deployment !== undefined
          ? { deploymentAtMs: lab.deployment.atSeconds * 1000 }
          : {}),
        ...(lab.outage !== undefined
          ? {
              outageEndsAtMs: (lab.outage.atSeconds + lab.outage.durationSeconds) * 1000,
            }
          : {}),
      });
      simulation.kernel.trace.subscribe(metrics.observe);
      return { fleet, simulation, metrics };
    });
  }

  /** The virtual time all fleets have reached, in milliseconds. */
  get now(): number {
    return Math.min(...this.fleets.map(({ simulation }) => simulation.kernel.now()));
  }

  get done(): boolean {
    return this.now >= this.endMs;
  }

  /**
   * Advances every fleet by turns towards `untilMs` (the lab's end by
   * default). Returns false when `shouldYield` asked to stop early; calling
   * again carries on where it stopped.
   */
  async advance(
    shouldYield: () => boolean = () => false,
    untilMs: number = this.endMs,
  ): Promise<boolean> {
    if (!this.started) {
      this.started = true;
      for (const { simulation } of this.fleets) simulation.start();
    }
    const target = Math.min(untilMs, this.endMs);
    const turnMs = Math.max(1000, Math.ceil(this.endMs / TURNS));
    while (this.now < target) {
      const turnEnd = Math.min(target, (Math.floor(this.now / turnMs) + 1) * turnMs);
      for (const { simulation } of this.fleets) {
        if (simulation.kernel.now() >= turnEnd) continue;
        const reached = await simulation.kernel.runUntil(turnEnd, shouldYield);
        if (!reached) return false;
      }
    }
    return true;
  }

  async runToEnd(): Promise<LabReport> {
    await this.advance();
    return this.report();
  }

  /** The report of what was measured so far, under these (or the lab's) assumptions. */
  report(assumptions: LabAssumptions = labAssumptions(this.lab)): LabReport {
    const now = this.now;
    return {
      format: LAB_REPORT_FORMAT,
      lab: this.lab.name,
      seed: this.lab.seed,
      durationSeconds: this.lab.durationSeconds,
      virtualSeconds: now / 1000,
      devicesPerFleet: this.lab.devices,
      assumptions,
      fleets: this.fleets.map(({ fleet, simulation, metrics }) =>
        fleetReport(
          {
            name: fleet.name,
            preset: fleet.preset,
            settings: fleetSettings(fleet),
            bootWindowSeconds: bootWindowSeconds(this.lab, fleet),
            traceHash: simulation.kernel.trace.digest(),
            hasDeployment: this.lab.deployment !== undefined,
            hasOutage: this.lab.outage !== undefined,
            outageSeconds: this.lab.outage?.durationSeconds ?? 0,
          },
          metrics.measurements(Math.min(now, simulation.kernel.now())),
          assumptions,
        ),
      ),
    };
  }
}

/**
 * The simulation of one fleet. A setting the lab schema let through but the
 * simulator refuses is reported against the lab's own field, not the scenario
 * built from it, which the person never wrote.
 */
function fleetSimulation(
  lab: Lab,
  fleet: LabFleet,
  index: number,
  source: string,
): Simulation {
  try {
    return new Simulation(
      validateScenario(fleetScenario(lab, fleet), `lab fleet ${fleet.name}`),
    );
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    throw new LabError(
      source,
      error.problems.map((problem): LabProblem => {
        const field = (
          Object.keys(SETTING_SYMBOLS) as (keyof typeof SETTING_SYMBOLS)[]
        ).find((key) =>
          new RegExp(
            `(?<![A-Z0-9_])(?:CONFIG_)?${SETTING_SYMBOLS[key]}(?![A-Z0-9_])`,
          ).test(problem.message),
        );
        return {
          path: `fleets[${index}]${field === undefined ? '' : `.${field}`}`,
          message: problem.message,
        };
      }),
    );
  }
}

/** Runs a lab headless to its end and returns the report. */
export async function runLab(lab: Lab): Promise<LabReport> {
  return new LabRun(lab).runToEnd();
}
