import { describe, expect, it } from 'vitest';

import { Simulation, validateScenario, type ScenarioInput } from '../../fleet/index.ts';
import {
  buildOf,
  checkPrjConf,
  prjConfTextOf,
  scenarioWithBuild,
  setOption,
} from './firmwareBuild.ts';

const input: ScenarioInput = {
  format: 'mcu-fleet-simulator/scenario',
  version: 1,
  name: 'settings',
  run: { seed: 1, durationSeconds: 60 },
  fleet: [
    {
      name: 'esp32',
      count: 2,
      deviceType: 'esp32',
      kconfig: {
        prjConf: ['# demo\nCONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\n'],
        options: { MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL: 60 },
      },
    },
  ],
};
const scenario = validateScenario(input, 'test');
const group = scenario.fleet[0]!;

describe('firmware build form', () => {
  it("writes a group's fragments and form options as one prj.conf", () => {
    expect(prjConfTextOf(group.kconfig)).toBe(
      '# demo\nCONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\nCONFIG_MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL=60\n',
    );
  });

  it('writes form options alone without a leading blank line', () => {
    expect(prjConfTextOf({ options: { MENDER_CLIENT_UPDATE_POLL_INTERVAL: 30 } })).toBe(
      'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\n',
    );
  });

  it('warns, as fair use, when intervals are below the tier defaults', () => {
    const check = checkPrjConf(buildOf(group).prjConf, 'prj.conf', group);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.kconfig.settings.deviceType).toBe('esp32');
    expect(check.kconfig.warnings.map((warning) => warning.code)).toEqual([
      'POLL_BELOW_TIER_DEFAULT',
      'INVENTORY_BELOW_TIER_DEFAULT',
    ]);
  });

  it('names the file and line of an out-of-range value', () => {
    const check = checkPrjConf(
      '# mine\nCONFIG_MENDER_RETRY_ERROR_BACKOFF=99999\n',
      'my-prj.conf',
      group,
    );
    expect(check).toEqual({
      ok: false,
      message: expect.stringMatching(
        /my-prj\.conf line 2: CONFIG_MENDER_RETRY_ERROR_BACKOFF=99999 is outside its range 0\.\.3600/,
      ),
    });
  });

  it('sets a quick field over the line in force', () => {
    expect(
      setOption(
        'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30\n',
        'MENDER_CLIENT_UPDATE_POLL_INTERVAL',
        1800,
      ),
    ).toBe('CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=1800\n');
  });

  it('gives one device its own build, and a group build drops device builds', () => {
    const build = {
      ...buildOf(group),
      prjConf: setOption(
        buildOf(group).prjConf,
        'MENDER_CLIENT_UPDATE_POLL_INTERVAL',
        1800,
      ),
      restart: 'log' as const,
      modules: [{ kind: 'noop-update' as const }],
    };
    const forDevice = scenarioWithBuild(scenario, 'esp32', 2, build);
    const simulation = new Simulation(validateScenario(forDevice, 'edited'));
    expect(
      simulation.fleet.get('esp32-1')!.build.setup.settings.updatePollIntervalSeconds,
    ).toBe(30);
    const second = simulation.fleet.get('esp32-2')!.build;
    expect(second.setup.settings.updatePollIntervalSeconds).toBe(1800);
    expect(second.group.restart).toBe('log');
    expect(second.group.modules).toEqual([{ kind: 'noop-update' }]);

    const forGroup = scenarioWithBuild(forDevice, 'esp32', null, buildOf(group));
    expect(forGroup.fleet[0]!.overrides).toBeUndefined();
    expect(forGroup.fleet[0]!.kconfig).toEqual({
      prjConf: [prjConfTextOf(group.kconfig)],
    });
  });
});
