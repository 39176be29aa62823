import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { createMswHandlers } from '../server/msw.ts';
import { buildReport } from './report.ts';
import { ScenarioError, parseScenario, validateScenario } from './scenarioFile.ts';
import type { ScenarioInput } from './scenarioSchema.ts';
import { Simulation } from './simulation.ts';

const demoKconfig = {
  options: {
    MENDER_CLIENT_UPDATE_POLL_INTERVAL: 30,
    MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL: 60,
    MENDER_RETRY_ERROR_BACKOFF: 5,
    MENDER_RETRY_ERROR_MAX_BACKOFF: 15,
  },
};

/** Three boards, accepted at 40 s, updated to release-2 from 60 s. */
const updateScenario: ScenarioInput = {
  format: 'mcu-fleet-simulator/scenario',
  version: 1,
  name: 'three boards update',
  run: { seed: 11, durationSeconds: 600 },
  server: {
    artifacts: [
      {
        build: {
          artifactName: 'release-2',
          deviceTypes: ['esp32s3_devkitc'],
          payloadBytes: 20_000,
        },
      },
    ],
  },
  fleet: [{ name: 'esp32', count: 3, bootWindowSeconds: 30, kconfig: demoKconfig }],
  timeline: [
    { atSeconds: 40, action: 'devices.accept', devices: 'all' },
    {
      atSeconds: 60,
      action: 'deployment.create',
      name: 'to release-2',
      artifactName: 'release-2',
      devices: 'all',
    },
    {
      atSeconds: 70,
      action: 'power.cut',
      devices: ['esp32-2'],
      onEnteringState: 'INSTALL',
      offForSeconds: 10,
    },
  ],
};

async function run(input: ScenarioInput): Promise<Simulation> {
  const simulation = new Simulation(validateScenario(input, 'test'));
  await simulation.runToEnd();
  return simulation;
}

describe('Simulation', () => {
  it('gives the same trace hash for the same scenario and seed, another for another seed', async () => {
    const first = await run(updateScenario);
    const second = await run(updateScenario);
    expect(first.kernel.trace.digest()).toBe(second.kernel.trace.digest());

    const otherSeed = await run({
      ...updateScenario,
      run: { seed: 12, durationSeconds: 600 },
    });
    expect(otherSeed.kernel.trace.digest()).not.toBe(first.kernel.trace.digest());
  });

  it('gives the same trace through the MSW handlers as in-process', async () => {
    const inProcess = await run(updateScenario);

    let throughMsw: Simulation | undefined = undefined;
    const handlers = createMswHandlers(() => throughMsw!.server.routing);
    throughMsw = new Simulation(validateScenario(updateScenario, 'test'), {
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

    expect(throughMsw.kernel.trace.aggregates.byKind.http).toBeGreaterThan(50);
    expect(throughMsw.kernel.trace.digest()).toBe(inProcess.kernel.trace.digest());
  });

  it('updates the accepted fleet and reports the states, exchanges, flash and deployment', async () => {
    const report = buildReport(await run(updateScenario));

    const first = report.devices.find((device) => device.id === 'esp32-1')!;
    expect(first.http[0]).toMatchObject({
      method: 'POST',
      path: '/api/devices/v1/authentication/auth_requests',
      status: 401,
    });
    expect(first.image).toEqual({ running: 'release-2', confirmed: true });
    expect(first.flash.nvs.find((record) => record.id === 5)?.value).toBe('release-2');
    const statuses = first.http
      .filter((exchange) => exchange.path.endsWith('/status'))
      .map((exchange) => exchange.status);
    expect(statuses.every((status) => status === 204)).toBe(true);

    // Power cut on entering INSTALL: the old image stays, the failure is reported.
    const cut = report.devices.find((device) => device.id === 'esp32-2')!;
    expect(cut.image).toEqual({ running: 'release-1', confirmed: true });
    const cutStates = cut.states.map((entry) => entry.state);
    expect(cutStates).toEqual(
      expect.arrayContaining(['INSTALL', 'FAILURE', 'CLEANUP', 'END']),
    );

    expect(report.deployments).toEqual([
      expect.objectContaining({
        name: 'to release-2',
        status: 'finished',
        statistics: { success: 2, failure: 1 },
        devices: { 'esp32-1': 'success', 'esp32-2': 'failure', 'esp32-3': 'success' },
      }),
    ]);
  });
});

describe('server policies in the timeline', () => {
  const policyScenario = (timeline: ScenarioInput['timeline']): ScenarioInput => ({
    ...updateScenario,
    server: { preauthorize: 'all' },
    timeline,
  });
  const statusesOf = (simulation: Simulation, id: string) =>
    buildReport(simulation)
      .devices.find((device) => device.id === id)!
      .http.map((exchange) => exchange.status);

  it('throttles demo-interval devices under the hosted fair-use limiter, but not exempt test devices', async () => {
    const simulation = await run(
      policyScenario([
        {
          atSeconds: 45,
          action: 'server.rate-limit',
          policy: { kind: 'tier-interval' },
          exemptDevices: ['esp32-1'],
        },
      ]),
    );
    expect(statusesOf(simulation, 'esp32-1')).not.toContain(429);
    expect(statusesOf(simulation, 'esp32-2')).toContain(429);
    expect(statusesOf(simulation, 'esp32-3')).toContain(429);
  });

  it('fails requests during an outage and the devices come back after it', async () => {
    const simulation = await run(
      policyScenario([{ atSeconds: 100, action: 'server.outage', durationSeconds: 120 }]),
    );
    const exchanges = buildReport(simulation).devices[0]!.http;
    const during = exchanges.filter((e) => e.time > 100_000 && e.time < 220_000);
    const after = exchanges.filter((e) => e.time > 300_000);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((e) => e.status === 503)).toBe(true);
    expect(after.some((e) => e.status === 204)).toBe(true);
  });
});

describe('recorded user actions', () => {
  it('replay to the same trace hash, even between events due at the same time', async () => {
    const live = new Simulation(validateScenario(updateScenario, 'test'));
    live.start();
    await live.kernel.runUntil(45_000);
    live.perform({ action: 'network.down', devices: ['esp32-1'] });
    await live.kernel.step();
    live.perform({ action: 'power.off', devices: ['esp32-3'] });
    await live.kernel.runUntil(130_000);
    live.perform({ action: 'network.up', devices: 'all' });
    live.perform({ action: 'power.on', devices: ['esp32-3'] });
    await live.kernel.runUntil(live.endTime);

    const replayed = new Simulation(validateScenario(updateScenario, 'test'));
    await replayed.replay(live.recordedActions);
    await replayed.kernel.runUntil(replayed.endTime);

    expect(replayed.recordedActions).toEqual(live.recordedActions);
    expect(replayed.kernel.trace.digest()).toBe(live.kernel.trace.digest());
    const untouched = await run(updateScenario);
    expect(untouched.kernel.trace.digest()).not.toBe(live.kernel.trace.digest());
  });
});

describe('scenario files', () => {
  it('names the path and the problem of each mistake', () => {
    const text = JSON.stringify({
      ...updateScenario,
      run: { seed: 1.5, durationSeconds: 10 },
      fleet: [{ name: 'esp32', count: 0, modules: [{ kind: 'rootfs' }] }],
    });
    let error: unknown;
    try {
      parseScenario(text, 'broken.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const paths = (error as ScenarioError).problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining(['run.seed', 'fleet[0].count', 'fleet[0].modules[0].kind']),
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

  it('rejects an action for a device the fleet does not have', () => {
    const scenario = validateScenario(
      {
        ...updateScenario,
        timeline: [{ atSeconds: 1, action: 'power.off', devices: ['esp32-9'] }],
      },
      'test',
    );
    expect(() => new Simulation(scenario)).toThrow(
      /timeline\[0\]\.devices\[0\]: names "esp32-9", which the fleet does not have/,
    );
  });

  it('names the group and the Kconfig line of an out-of-range value', () => {
    const scenario = validateScenario(
      {
        ...updateScenario,
        fleet: [
          {
            name: 'esp32',
            count: 1,
            kconfig: { prjConf: ['# ok\nCONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=0\n'] },
          },
        ],
      },
      'test',
    );
    expect(() => new Simulation(scenario)).toThrow(/fleet\[0\]\.kconfig: .*line 2/s);
  });
});
