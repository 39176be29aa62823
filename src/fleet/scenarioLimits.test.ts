import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ScenarioError, parseScenario } from './scenarioFile.ts';

const HAPPY_PATH = readFileSync('scenarios/happy-path.json', 'utf8');

interface EditableScenario {
  name: string;
  run: { durationSeconds: number };
  fleet: { name: string; count: number }[];
  timeline: unknown[];
}

function happyPath(): EditableScenario {
  return JSON.parse(HAPPY_PATH) as EditableScenario;
}

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'my-fleet.json');
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.message).toContain('Failed to load the scenario my-fleet.json:');
    return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
  }
  throw new Error('the scenario loaded');
}

describe('scenario limits', () => {
  it('refuses two groups of one name, which would share device ids', () => {
    const scenario = happyPath();
    scenario.fleet.push({ ...scenario.fleet[0]!, count: 2 });
    expect(problemsOf(JSON.stringify(scenario))).toEqual([
      'fleet[1].name: "esp32" is used by an earlier group; give each group its own name',
    ]);
  });

  it('refuses more than 100,000 devices across groups, naming the total', () => {
    const scenario = happyPath();
    scenario.fleet = [1, 2, 3].map((n) => ({ name: `g${n}`, count: 40_000 }));
    expect(problemsOf(JSON.stringify(scenario))).toEqual([
      "fleet: has 120000 devices in all, more than the 100000 a simulation holds; lower the groups' counts",
    ]);
    scenario.fleet[2]!.count = 20_000;
    expect(() => parseScenario(JSON.stringify(scenario), 'ok.json')).not.toThrow();
  });

  it('caps the run at 400 days', () => {
    const scenario = happyPath();
    scenario.run.durationSeconds = 1e12;
    expect(problemsOf(JSON.stringify(scenario))).toEqual([
      'run.durationSeconds: must be at most 34560000 (400 days)',
    ]);
    scenario.run.durationSeconds = 400 * 86_400;
    expect(parseScenario(JSON.stringify(scenario), 'ok.json').run.durationSeconds).toBe(
      34_560_000,
    );
  });

  it('refuses a timeline action after the run ends', () => {
    const scenario = happyPath();
    scenario.timeline.push({ atSeconds: 901, action: 'power.off', devices: 'all' });
    const index = scenario.timeline.length - 1;
    expect(problemsOf(JSON.stringify(scenario))).toEqual([
      `timeline[${index}].atSeconds: is 901, after the run ends (run.durationSeconds is 900); move it earlier or run longer`,
    ]);
  });

  it('refuses a deployment of an artifact no server.artifacts entry builds', () => {
    const scenario = happyPath();
    scenario.timeline.push({
      atSeconds: 130,
      action: 'deployment.create',
      name: 'x',
      artifactName: 'nope',
      devices: 'all',
    });
    const index = scenario.timeline.length - 1;
    expect(problemsOf(JSON.stringify(scenario))).toEqual([
      `timeline[${index}].artifactName: is "nope", which no entry of server.artifacts builds (it builds "release-2")`,
    ]);
  });

  it('refuses an abort of a deployment no earlier action creates', () => {
    const scenario = happyPath();
    scenario.timeline.push(
      { atSeconds: 10, action: 'deployment.abort', name: 'rollout' },
      {
        atSeconds: 20,
        action: 'deployment.create',
        name: 'rollout',
        artifactName: 'release-2',
        devices: 'all',
      },
      { atSeconds: 20, action: 'deployment.abort', name: 'rollout' },
    );
    const first = scenario.timeline.length - 3;
    expect(problemsOf(JSON.stringify(scenario))).toEqual([
      `timeline[${first}].name: is "rollout", but no deployment.create of that name comes before it in the timeline`,
    ]);
  });

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    const scenario = parseScenario('\uFEFF' + HAPPY_PATH, 'bom.json');
    expect(scenario.name).toBe(happyPath().name);
  });
});
