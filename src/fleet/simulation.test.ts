import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { createMswHandlers } from '../server/index.ts';
import { buildReport } from './report.ts';
import { ScenarioError, parseScenario, validateScenario } from './scenarioFile.ts';
import type { ScenarioInput } from './scenarioSchema.ts';
import { Simulation } from './simulation.ts';

const probeScenario: ScenarioInput = {
  format: 'mcu-fleet-simulator/scenario',
  version: 1,
  name: 'three probes',
  run: { seed: 11, durationSeconds: 600 },
  fleet: [
    {
      name: 'esp32',
      count: 3,
      deviceType: 'esp32',
      bootWindowSeconds: 30,
      kconfig: { options: { MENDER_CLIENT_UPDATE_POLL_INTERVAL: 30 } },
    },
  ],
  timeline: [
    { atSeconds: 100, action: 'network.down', devices: ['esp32-2'] },
    { atSeconds: 200, action: 'network.up', devices: ['esp32-2'] },
    { atSeconds: 300, action: 'power.off', devices: 'all' },
    { atSeconds: 400, action: 'power.on', devices: ['esp32-1'] },
  ],
};

async function runInProcess(input: ScenarioInput): Promise<Simulation> {
  const simulation = new Simulation(validateScenario(input, 'test'));
  await simulation.runToEnd();
  return simulation;
}

describe('Simulation', () => {
  it('gives the same trace hash for the same scenario and seed', async () => {
    const first = await runInProcess(probeScenario);
    const second = await runInProcess(probeScenario);
    expect(first.kernel.trace.digest()).toBe(second.kernel.trace.digest());

    const otherSeed = await runInProcess({
      ...probeScenario,
      run: { seed: 12, durationSeconds: 600 },
    });
    expect(otherSeed.kernel.trace.digest()).not.toBe(first.kernel.trace.digest());
  });

  it('gives the same trace through MSW handlers as in-process', async () => {
    const inProcess = await runInProcess(probeScenario);

    let throughMsw: Simulation | undefined = undefined;
    const handlers = createMswHandlers(() => throughMsw!.server.routing);
    throughMsw = new Simulation(validateScenario(probeScenario, 'test'), {
      transport: {
        kind: 'service-worker',
        fetch: async (request) => {
          const response = await getResponse(handlers, request);
          if (response === undefined) throw new Error(`no handler for ${request.url}`);
          return response;
        },
      },
    });
    await throughMsw.runToEnd();

    expect(throughMsw.kernel.trace.aggregates.byKind.http).toBeGreaterThan(20);
    expect(throughMsw.kernel.trace.digest()).toBe(inProcess.kernel.trace.digest());
  });

  it('reports the exchanges and states of each device', async () => {
    const report = buildReport(await runInProcess(probeScenario));
    const second = report.devices.find((device) => device.id === 'esp32-2')!;
    // Boots spread over 30 s: the second of three powers on at 10 s.
    expect(second.states[0]).toEqual({
      time: 10_000,
      machine: 'probe',
      state: 'polling',
    });
    // The probe holds no device token, so the server refuses it as the real one would.
    const answered = second.http.filter((exchange) => exchange.status === 401);
    expect(answered[0]).toMatchObject({
      method: 'POST',
      path: '/api/devices/v2/deployments/device/deployments/next',
      time: 10_120,
    });
    // While its network is down (100 s to 200 s) no request reaches the server.
    expect(
      second.http.some((exchange) => exchange.time > 100_000 && exchange.time < 200_000),
    ).toBe(false);
    // Powered off at 300 s and only esp32-1 back on at 400 s.
    const third = report.devices.find((device) => device.id === 'esp32-3')!;
    expect(third.http.every((exchange) => exchange.time < 300_000 + 120)).toBe(true);
    const first = report.devices.find((device) => device.id === 'esp32-1')!;
    expect(first.http.some((exchange) => exchange.time > 400_000)).toBe(true);
  });
});

describe('recorded user actions', () => {
  it('replay to the same trace hash, even between events due at the same time', async () => {
    const live = new Simulation(validateScenario(probeScenario, 'test'));
    live.start();
    await live.kernel.runUntil(45_000);
    live.perform({ action: 'network.down', devices: ['esp32-1'] });
    // Step into the middle of a burst of events due at one virtual time.
    await live.kernel.step();
    live.perform({ action: 'power.off', devices: ['esp32-3'] });
    await live.kernel.runUntil(130_000);
    live.perform({ action: 'network.up', devices: 'all' });
    await live.kernel.runUntil(live.endTime);

    const replayed = new Simulation(validateScenario(probeScenario, 'test'));
    await replayed.replay(live.recordedActions);
    await replayed.kernel.runUntil(replayed.endTime);

    expect(replayed.recordedActions).toEqual(live.recordedActions);
    expect(replayed.kernel.trace.digest()).toBe(live.kernel.trace.digest());
    const untouched = await runInProcess(probeScenario);
    expect(untouched.kernel.trace.digest()).not.toBe(live.kernel.trace.digest());
  });
});

describe('scenario files', () => {
  it('names the path and the problem of each mistake', () => {
    const text = JSON.stringify({
      ...probeScenario,
      run: { seed: 1.5, durationSeconds: 10 },
      fleet: [{ name: 'esp32', count: 0 }],
    });
    let error: unknown;
    try {
      parseScenario(text, 'broken.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const problems = (error as ScenarioError).problems;
    expect(problems).toContainEqual({
      path: 'fleet[0].deviceType',
      message: 'is required',
    });
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['run.seed', 'fleet[0].count']),
    );
    expect((error as Error).message).toMatch(
      /^Failed to load the scenario broken\.json:/,
    );
  });

  it('rejects text that is not JSON and files of another format', () => {
    expect(() => parseScenario('{"format": ', 'a.json')).toThrow(
      /a\.json:\n {2}\(the whole file\): is not JSON/,
    );
    expect(() => parseScenario('{"format":"other"}', 'b.json')).toThrow(
      /format: is "other", expected "mcu-fleet-simulator\/scenario"/,
    );
  });

  it('rejects a timeline action for a device the fleet does not have', () => {
    const scenario = validateScenario(
      {
        ...probeScenario,
        timeline: [{ atSeconds: 1, action: 'power.off', devices: ['esp32-9'] }],
      },
      'test',
    );
    expect(() => new Simulation(scenario)).toThrow(
      /timeline\[0\]\.devices\[0\]: names "esp32-9", which the fleet does not have/,
    );
  });
});
