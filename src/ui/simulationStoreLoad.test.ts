import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ScenarioError, validateScenario } from '../fleet/index.ts';
import { useSimulationStore } from './simulationStore.ts';

describe('loading a scenario in the app', () => {
  it('names the file the user chose in errors found while building it', () => {
    const value = JSON.parse(readFileSync('scenarios/happy-path.json', 'utf8')) as {
      fleet: { modules?: unknown }[];
    };
    value.fleet[0]!.modules = [{ kind: 'zephyr-image' }, { kind: 'zephyr-image' }];
    const scenario = validateScenario(value, 'two-modules.json');
    let thrown: unknown;
    try {
      useSimulationStore.getState().load(scenario, 'in-process', 'two-modules.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as ScenarioError).message).toMatch(
      /^Failed to load the scenario two-modules\.json:\n {2}fleet\[0\]\.modules\[1\]: /,
    );
  });
});
