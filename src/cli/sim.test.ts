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
  it('writes a report with the states, exchanges and trace hash', () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-'));
    const out = join(folder, 'report.json');
    const { status, stderr } = runSim('scenarios/pipeline-probe.json', '--out', out);
    expect(status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stderr).toContain(report.traceHash);
    const device = report.devices[0];
    expect(device.id).toBe('esp32-1');
    expect(device.http[0]).toEqual({
      time: 120,
      method: 'POST',
      path: '/api/devices/v2/deployments/device/deployments/next',
      status: 401, // the probe sends no device token
    });
    // Network down from 100 s to 160 s: the polls due then fail on the device.
    expect(
      device.http.filter(
        (exchange: { time: number }) =>
          exchange.time > 100_000 && exchange.time < 160_000,
      ),
    ).toEqual([]);
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
        fleet: [{ name: 'esp32', count: 'three', deviceType: 'esp32' }],
      }),
    );
    const { status, stderr } = runSim(file);
    expect(status).toBe(2);
    expect(stderr).toContain(`Failed to load the scenario ${file}:`);
    expect(stderr).toContain(
      'fleet[0].count: Invalid input: expected number, received string',
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
