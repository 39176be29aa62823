import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

function runSim(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'src/cli/sim.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run sim', () => {
  it('runs the happy path and writes states, exchanges, flash and the trace hash', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const out = join(folder, 'report.json');
    const { status, stderr } = runSim('scenarios/happy-path.json', '--out', out);
    expect(status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stderr).toContain(report.traceHash);
    expect(report.expectations).toHaveLength(15);
    expect(
      report.expectations.every((result: { passed: boolean }) => result.passed),
    ).toBe(true);

    const device = report.devices[0];
    expect(device.id).toBe('esp32-1');
    expect(device.http[0]).toEqual({
      time: 120,
      method: 'POST',
      path: '/api/devices/v1/authentication/auth_requests',
      status: 401, // pending until the timeline accepts it at 60 s
    });
    expect(device.flash.mcuboot).toEqual({
      primary: 'release-2',
      secondary: 'release-1',
      confirmed: true,
      pendingSwap: 'none',
    });
    expect(report.deployments[0].statistics).toEqual({ success: 5 });
  });

  it('exits 1 and says which expectation failed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const scenario = JSON.parse(readFileSync('scenarios/happy-path.json', 'utf8'));
    scenario.run.expect = [{ devices: ['esp32-1'], finalImage: 'release-9' }];
    const file = join(folder, 'wrong.json');
    writeFileSync(file, JSON.stringify(scenario));
    const { status, stderr } = runSim(file, '--out', join(folder, 'r.json'));
    expect(status).toBe(1);
    expect(stderr).toContain('FAIL esp32-1: runs release-9 (runs release-2)');
  });

  it('names the path and problem of a malformed scenario and exits 2', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(folder, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'mcu-fleet-simulator/scenario',
        version: 1,
        name: 'bad',
        run: { seed: 1, durationSeconds: 10 },
        fleet: [{ name: 'esp32', count: 'three' }],
      }),
    );
    const { status, stderr } = runSim(file);
    expect(status).toBe(2);
    expect(stderr).toContain(`Failed to load the scenario ${file}:`);
    expect(stderr).toContain(
      'fleet[0].count: Invalid input: expected number, received string',
    );
  });

  it('says where a scenario that is not JSON breaks, and what to do with a wrong path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(folder, 'broken.json');
    writeFileSync(
      file,
      '{\n  "format": "mcu-fleet-simulator/scenario",\n  "version": 1,,\n}\n',
    );
    const broken = runSim(file);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/is not JSON: .*line 3,? column 16/);

    const missing = runSim(join(folder, 'happy_path.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      `Failed to read the scenario ${join(folder, 'happy_path.json')}: there is no such file. ` +
        'Check the path; the scenarios that come with the product are in scenarios/',
    );
    expect(missing.stderr).not.toContain('ENOENT');
  });

  it('refuses an --out it cannot write before running', () => {
    const { status, stderr } = runSim(
      'scenarios/happy-path.json',
      '--out',
      '/nonexistent-folder/report.json',
    );
    expect(status).toBe(2);
    expect(stderr).toBe(
      'Cannot write the report to /nonexistent-folder/report.json: the folder /nonexistent-folder does not exist. Give --out a file in a folder you can write to.\n',
    );
  });

  it('reports timeline actions the server refused during the run', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const scenario = JSON.parse(readFileSync('scenarios/happy-path.json', 'utf8'));
    // At 10 s no device is accepted yet (the timeline accepts them at 60 s).
    scenario.timeline.push({
      atSeconds: 10,
      action: 'deployment.create',
      name: 'too-early',
      artifactName: 'release-2',
      devices: 'all',
    });
    const index = scenario.timeline.length - 1;
    const file = join(folder, 'early.json');
    writeFileSync(file, JSON.stringify(scenario));
    const out = join(folder, 'r.json');
    const { status, stderr } = runSim(file, '--out', out);
    expect(status).toBe(0);
    expect(stderr).toContain(
      `refused at 10 s: timeline[${index}] deployment.create: no devices for the deployment`,
    );
    expect(JSON.parse(readFileSync(out, 'utf8')).refusedActions).toEqual([
      {
        atMs: 10_000,
        action: 'deployment.create',
        path: `timeline[${index}]`,
        reason: 'no devices for the deployment',
      },
    ]);
  });

  it("prints each group's Kconfig warnings, and progress when asked", () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const scenario = JSON.parse(readFileSync('scenarios/happy-path.json', 'utf8'));
    scenario.fleet[0].kconfig.options.MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL = 0;
    const file = join(folder, 'inventory0.json');
    writeFileSync(file, JSON.stringify(scenario));
    const { stderr } = runSim(file, '--out', join(folder, 'r.json'), '--progress', '0');
    expect(stderr).toContain(
      'fleet[0] (esp32): An inventory interval of 0 is documented as "no periodic inventory"',
    );
    expect(stderr).toMatch(
      /happy path with reboot: \d+ s of 900 s of virtual time \(\d+\.\d%\), \d+ events so far/,
    );
  });

  it('says how to call it when the arguments are wrong', () => {
    const { status, stderr } = runSim();
    expect(status).toBe(2);
    expect(stderr).toContain(
      'Usage: npm run sim -- <scenario.json> [--out <report.json>]',
    );
  });
});
