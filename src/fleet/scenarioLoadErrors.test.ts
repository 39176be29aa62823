import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ScenarioError, validateScenario } from './scenarioFile.ts';
import { Simulation, type SimulationOptions } from './simulation.ts';

interface EditableScenario {
  fleet: Record<string, unknown>[];
  server: { artifacts: unknown[] };
  timeline: unknown[];
}

function happyPath(): EditableScenario {
  return JSON.parse(
    readFileSync('scenarios/happy-path.json', 'utf8'),
  ) as EditableScenario;
}

/** The error building a simulation of `input` from the file `my-fleet.json` gives. */
function loadError(
  input: EditableScenario,
  options: SimulationOptions = {},
): ScenarioError {
  const scenario = validateScenario(input, 'my-fleet.json');
  try {
    new Simulation(scenario, { source: 'my-fleet.json', ...options }).start();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the simulation was built');
}

describe('errors found while building a simulation', () => {
  it('refuses a described module the client would not register, at its callbacks', () => {
    const scenario = happyPath();
    scenario.fleet[0]!.modules = [
      {
        kind: 'described',
        artifactType: 'zephyr-image',
        requiresReboot: true,
        supportsRollback: true,
        callbacks: {},
      },
    ];
    const error = loadError(scenario);
    expect(error.source).toBe('my-fleet.json');
    expect(error.problems).toEqual([
      {
        path: 'fleet[0].modules[0].callbacks',
        message:
          'Failed to register the update module "zephyr-image": the DOWNLOAD callback is required (the client calls it unconditionally).',
      },
    ]);
  });

  it('refuses a second module of a type, at that module', () => {
    const scenario = happyPath();
    scenario.fleet[0]!.modules = [{ kind: 'zephyr-image' }, { kind: 'zephyr-image' }];
    expect(loadError(scenario).problems.map((problem) => problem.path)).toEqual([
      'fleet[0].modules[1]',
    ]);
  });

  it("checks a device override's modules too", () => {
    const scenario = happyPath();
    scenario.fleet[0]!.overrides = {
      '2': { modules: [{ kind: 'noop-update' }, { kind: 'noop-update' }] },
    };
    expect(loadError(scenario).problems.map((problem) => problem.path)).toEqual([
      'fleet[0].overrides.2.modules[1]',
    ]);
  });

  it('names the file in Kconfig, device id, override and artifact errors', () => {
    const kconfig = happyPath();
    kconfig.fleet[0]!.kconfig = { options: { FOO_BAR: 1 } };
    const unknownDevice = happyPath();
    unknownDevice.timeline.push({
      atSeconds: 1,
      action: 'power.off',
      devices: ['esp32-99'],
    });
    const override = happyPath();
    override.fleet[0]!.overrides = { '6': {} };
    for (const scenario of [kconfig, unknownDevice, override]) {
      expect(loadError(scenario).message).toMatch(
        /^Failed to load the scenario my-fleet\.json:/,
      );
    }
  });

  it('refuses an upload of a file the simulation was not given', () => {
    const scenario = happyPath();
    scenario.timeline.push({
      atSeconds: 10,
      action: 'management.request',
      method: 'POST',
      path: '/api/management/v1/deployments/artifacts',
      upload: { sha256: '0'.repeat(64) },
    });
    expect(loadError(scenario).problems).toEqual([
      {
        path: `timeline[${scenario.timeline.length - 1}].upload.sha256`,
        message: `names the file ${'0'.repeat(64)}, which this simulation was not given; a workspace carries the files its uploads name`,
      },
    ]);
  });

  it('names the artifact file that cannot be read, at its index', () => {
    const scenario = happyPath();
    scenario.server.artifacts.push({ file: 'nope.mender' });
    const error = loadError(scenario, {
      readArtifactFile: () => {
        throw new Error('ENOENT: no such file');
      },
    });
    expect(error.problems).toEqual([
      {
        path: `server.artifacts[${scenario.server.artifacts.length - 1}].file`,
        message: 'names "nope.mender", which cannot be read: ENOENT: no such file',
      },
    ]);
  });
});

describe('errors found while reading a scenario', () => {
  it('echoes a misspelt action and lists the actions there are', () => {
    const scenario = happyPath();
    scenario.timeline = [{ at: 1, action: 'deployment.craete' }];
    let problems: readonly { path: string; message: string }[] = [];
    try {
      validateScenario(scenario, 'my-fleet.json');
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      problems = error.problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('timeline[0].action');
    expect(problems[0]!.message).toMatch(
      /^is "deployment\.craete", which is not one of: power\.off, .*deployment\.create, /,
    );
  });
});
