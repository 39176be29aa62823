import { readFileSync, readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { buildReport, type SimulationReport } from './report.ts';
import { parseScenario } from './scenarioFile.ts';
import { Simulation } from './simulation.ts';

/*
 * The built-in workshop scenarios, run headless as `npm run sim` runs them:
 * every expectation a file states must hold, and each file must state the
 * checks that make its lesson (a scenario that expects nothing proves nothing).
 */
const FOLDER = 'scenarios/workshop';

async function run(file: string) {
  const path = `${FOLDER}/${file}`;
  const simulation = new Simulation(parseScenario(readFileSync(path, 'utf8'), path));
  await simulation.runToEnd();
  return { simulation, report: buildReport(simulation) };
}

function failed(report: SimulationReport) {
  return report.expectations
    .filter((result) => !result.passed)
    .map((result) => `${result.device}: ${result.check} (${result.detail})`);
}

function deviceStatuses(report: SimulationReport, deployment: string) {
  return report.deployments.find((entry) => entry.name === deployment)?.devices;
}

const FILES = readdirSync(FOLDER)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('workshop scenario files', () => {
  it('are the eight workshop lessons, each described for the trainer', () => {
    expect(FILES).toEqual([
      '01-happy-path.json',
      '02-failed-verification-rollback.json',
      '03-power-loss-during-install.json',
      '04-abort-during-download.json',
      '05-pending-acceptance.json',
      '06-rate-limiting.json',
      '07-wrong-device-type.json',
      '08-missing-artifact-ca.json',
    ]);
    for (const file of FILES) {
      const path = `${FOLDER}/${file}`;
      const scenario = parseScenario(readFileSync(path, 'utf8'), path);
      expect(scenario.description ?? '', file).toMatch(/Look at/);
      expect(scenario.run.expect?.length ?? 0, file).toBeGreaterThan(0);
    }
  });

  it('happy path: five devices install release-2 and confirm it', async () => {
    const { report } = await run('01-happy-path.json');
    expect(failed(report)).toEqual([]);
    expect(report.expectations).toHaveLength(5 * 4);
    expect(report.deployments[0]!.statistics).toEqual({ success: 5 });
  });

  it('failed verification: MCUboot reverts a crashing image; a failed self-check rolls back with a reboot', async () => {
    const { report } = await run('02-failed-verification-rollback.json');
    expect(failed(report)).toEqual([]);
    expect(report.deployments.map((entry) => entry.statistics)).toEqual([
      { failure: 3 },
      { failure: 2 },
    ]);
    // The self-check group really ran release-2 before rolling back: MCUboot
    // booted the test image, which the crashing group never did.
    const selftest = report.devices.find((device) => device.id === 'selftest-1')!;
    expect(selftest.image).toEqual({ running: 'release-1', confirmed: true });
  });

  it('power loss during install fails only the device that lost power', async () => {
    const { report } = await run('03-power-loss-during-install.json');
    expect(failed(report)).toEqual([]);
    expect(report.deployments[0]!.statistics).toEqual({ success: 4, failure: 1 });
  });

  it('abort during download: the devices learn of it at their next report (409) and fail', async () => {
    const { report } = await run('04-abort-during-download.json');
    expect(failed(report)).toEqual([]);
    const device = report.devices[0]!;
    const download = device.http.find((exchange) => exchange.method === 'GET');
    const installEntered = device.states.find((entry) => entry.state === 'INSTALL');
    const abortAtMs = 180_000;
    // The download had started before the abort and streamed on to its end:
    // the client only finds out when it reports installing.
    expect(download?.status).toBe(200);
    expect(download!.time).toBeLessThan(abortAtMs);
    expect(installEntered!.time).toBeGreaterThan(abortAtMs);
  });

  it('pending acceptance: 401 until a user accepts, then the devices poll', async () => {
    const { simulation, report } = await run('05-pending-acceptance.json');
    expect(failed(report)).toEqual([]);
    simulation.perform({ action: 'devices.accept', devices: ['esp32-1'] });
    await simulation.kernel.runUntil(simulation.endTime + 60_000);
    const after = buildReport(simulation);
    const statusesAfterAccept = (id: string) =>
      after.devices
        .find((device) => device.id === id)!
        .http.filter((exchange) => exchange.time > simulation.endTime)
        .map((exchange) => exchange.status);
    expect(statusesAfterAccept('esp32-1')).toContain(204);
    expect(statusesAfterAccept('esp32-2')).not.toContain(204);
  });

  it('rate limiting: the test device is exempt, the others get 429 with Retry-After', async () => {
    const { simulation, report } = await run('06-rate-limiting.json');
    expect(failed(report)).toEqual([]);
    const limited = simulation.kernel.trace
      .history('esp32-2')
      .find((record) => record.kind === 'http' && record.response?.status === 429);
    const retryAfter =
      limited?.kind === 'http'
        ? limited.response!.headers.find(([name]) => name.toLowerCase() === 'retry-after')
        : undefined;
    expect(Number(retryAfter?.[1])).toBeGreaterThan(0);
  });

  it('wrong device type: the server offers nothing and marks the devices noartifact', async () => {
    const { report } = await run('07-wrong-device-type.json');
    expect(failed(report)).toEqual([]);
    expect(deviceStatuses(report, 'release-2 to all')).toEqual({
      'esp32-1': 'noartifact',
      'esp32-2': 'noartifact',
      'esp32-3': 'noartifact',
      'esp32-4': 'noartifact',
      'esp32-5': 'noartifact',
    });
    // Every poll after the deployment is answered 204: no artifact is offered.
    const polls = report.devices[0]!.http.filter((exchange) =>
      exchange.path.endsWith('/deployments/next'),
    );
    expect(polls.every((exchange) => exchange.status === 204)).toBe(true);
  });

  it('missing artifact-host certificate: the download fails in TLS and failure is reported', async () => {
    const { report } = await run('08-missing-artifact-ca.json');
    expect(failed(report)).toEqual([]);
    const download = report.devices[0]!.http.find(
      (exchange) => exchange.method === 'GET',
    );
    expect(download?.status).toBeNull();
    expect(download?.failure).toMatch(/TLS/);
    expect(report.deployments[0]!.statistics).toEqual({ failure: 5 });
  });
});
