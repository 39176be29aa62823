import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  TRACE_ABBREVIATIONS,
  type ClientState,
  type UpdateState,
} from '../machines/menderTypes.ts';
import { buildReport } from './report.ts';
import { parseScenario } from './scenarioFile.ts';
import { Simulation } from './simulation.ts';

/*
 * The integration tests' traces (reference §1.6) as scenario files, run the
 * way `npm run sim` runs them. Each expected sequence is written here by
 * hand from the reference, in its abbreviations.
 */
const EXPECTED: Record<string, string> = {
  success_no_reboot: 'OP DL INST COM CLN END OP',
  success_reboot: 'OP DL INST RB PR INIT VRB COM CLN END OP',
  fail_verify_reboot: 'OP DL INST RB PR INIT VRB RBK RRB PR INIT RVR FAIL CLN END OP',
  fail_commit: 'OP DL INST RB PR INIT VRB COM RBK RRB PR INIT RVR FAIL CLN END OP',
  fail_download: 'OP DL CLN END OP',
  fail_install: 'OP DL INST FAIL CLN END OP',
  noop_check_deployment: 'OP DL OP DL OP',
  spontaneous_reboot_install: 'OP DL INST INIT INST FAIL CLN END OP',
};

/** The deployment is created at 30 s; the harness records from the first run after it. */
const DEPLOYED_AT_MS = 30_000;

/** As the harness reads a trace: up to the first OPERATIONAL after END, or five entries. */
function asTheHarnessReadsIt(states: string[]): string {
  const end = states.indexOf('END');
  const cut = end >= 0 ? states.indexOf('OP', end) + 1 : 5;
  return states.slice(0, cut).join(' ');
}

describe('reference trace scenario files', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const path = `scenarios/reference-traces/${name}.json`;
      const simulation = new Simulation(parseScenario(readFileSync(path, 'utf8'), path));
      await simulation.runToEnd();
      const report = buildReport(simulation);

      const states = report.devices[0]!.states.filter(
        (entry) => entry.time >= DEPLOYED_AT_MS,
      ).map((entry) => TRACE_ABBREVIATIONS[entry.state as ClientState | UpdateState]);
      expect(asTheHarnessReadsIt(states)).toBe(expected);
      expect(report.expectations.every((result) => result.passed)).toBe(true);
    });
  }
});
