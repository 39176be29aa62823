import { describe, expect, it } from 'vitest';

import { ScenarioError, validateScenario } from './scenarioFile.ts';
import type { ScenarioInput } from './scenarioSchema.ts';
import { Simulation } from './simulation.ts';

const base: ScenarioInput = {
  format: 'mcu-fleet-simulator/scenario',
  version: 1,
  name: 'overrides',
  run: { seed: 3, durationSeconds: 600 },
  server: {
    preauthorize: 'all',
    artifacts: [
      { build: { artifactName: 'release-2', deviceTypes: ['esp32s3_devkitc'] } },
    ],
  },
  fleet: [
    {
      name: 'esp32',
      count: 3,
      kconfig: {
        prjConf: [
          'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\nCONFIG_MENDER_RETRY_ERROR_BACKOFF=5\nCONFIG_MENDER_RETRY_ERROR_MAX_BACKOFF=15\n',
        ],
      },
    },
  ],
  timeline: [
    {
      atSeconds: 10,
      action: 'deployment.create',
      name: 'r2',
      artifactName: 'release-2',
      devices: 'all',
    },
  ],
};

function withOverrides(overrides: unknown): ScenarioInput {
  return {
    ...base,
    fleet: [{ ...base.fleet[0]!, overrides } as ScenarioInput['fleet'][number]],
  };
}

describe('device overrides', () => {
  it('builds one device with its own Kconfig and restart callback, the others as their group', async () => {
    const simulation = new Simulation(
      validateScenario(
        withOverrides({
          '2': {
            kconfig: { prjConf: ['CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=45\n'] },
            restart: 'log',
          },
        }),
        'test',
      ),
    );
    const first = simulation.fleet.get('esp32-1')!;
    const second = simulation.fleet.get('esp32-2')!;
    expect(first.build.overridden).toBe(false);
    expect(first.build.setup.settings.updatePollIntervalSeconds).toBe(30);
    expect(second.build.overridden).toBe(true);
    expect(second.build.setup.settings.updatePollIntervalSeconds).toBe(45);
    expect(second.build.group.restart).toBe('log');

    await simulation.runToEnd();
    // Its restart callback only logs: esp32-2 waits in PENDING_REBOOT until the
    // client's reboot-error detection forces the reboot; esp32-1 never waits.
    const entered = (id: string) =>
      simulation.kernel.trace
        .history(id)
        .filter((record) => record.kind === 'state')
        .map((record) => record.state);
    expect(entered('esp32-2')).toContain('PENDING_REBOOT');
    expect(entered('esp32-1')).not.toContain('PENDING_REBOOT');
    expect(entered('esp32-1')).toContain('COMMIT');
  });

  it('names an override beyond the group size', () => {
    const scenario = validateScenario(withOverrides({ '4': { restart: 'log' } }), 'test');
    expect(() => new Simulation(scenario)).toThrow(ScenarioError);
    expect(() => new Simulation(scenario)).toThrow(
      /fleet\[0\]\.overrides\.4: names device 4, but the group has 3/,
    );
  });

  it("names the override and the prj.conf line of a bad value in a device's Kconfig", () => {
    const scenario = validateScenario(
      withOverrides({
        '1': {
          kconfig: {
            prjConf: ['# fast\nCONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=0\n'],
          },
        },
      }),
      'test',
    );
    expect(() => new Simulation(scenario)).toThrow(
      /fleet\[0\]\.overrides\.1\.kconfig: .*line 2.*outside its range 1\.\.2592000/s,
    );
  });

  it('refuses an override key that is not a device number', () => {
    expect(() => validateScenario(withOverrides({ esp: {} }), 'test')).toThrow(
      /fleet\[0\]\.overrides\.esp: is not a device number/,
    );
  });
});
