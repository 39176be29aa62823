import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

function runLab(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'src/cli/lab.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm run lab', () => {
  it('runs the fleets side by side and writes the report and the CSV', () => {
    const folder = mkdtempSync(join(tmpdir(), 'lab-'));
    const out = join(folder, 'report.json');
    const csv = join(folder, 'numbers.csv');
    const { status, stderr } = runLab(
      'labs/quick-check.json',
      '--out',
      out,
      '--csv',
      csv,
    );
    expect(stderr).toContain('quick check: 2 fleets of 5 devices');
    expect(status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.format).toBe('mcu-fleet-simulator/lab-report');
    expect(report.fleets.map((fleet: { name: string }) => fleet.name)).toEqual([
      'demo',
      'standard',
    ]);
    expect(report.fleets[1].measured.deployment.succeeded).toBe(5);
    expect(readFileSync(csv, 'utf8')).toMatch(/^metric,unit,demo measured,demo model,/);
  });

  it('refuses a backoff past its Kconfig range with exit 2 and no stack trace', () => {
    const folder = mkdtempSync(join(tmpdir(), 'lab-'));
    const path = join(folder, 'backoff.json');
    writeFileSync(
      path,
      JSON.stringify({
        format: 'mcu-fleet-simulator/lab',
        version: 1,
        name: 'backoff',
        seed: 1,
        durationSeconds: 60,
        devices: 1,
        fleets: [
          { name: 'a', preset: 'demo', retryBackoffSeconds: 999_999 },
          { name: 'b', preset: 'standard' },
        ],
      }),
    );
    const { status, stderr } = runLab(path);
    expect(status).toBe(2);
    expect(stderr).toContain(`Failed to load the lab ${path}`);
    expect(stderr).toContain('fleets[0].retryBackoffSeconds');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names the file and the problem when the lab does not fit', () => {
    const folder = mkdtempSync(join(tmpdir(), 'lab-'));
    const path = join(folder, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        format: 'mcu-fleet-simulator/lab',
        version: 1,
        name: 'bad',
        seed: 1,
        durationSeconds: 60,
        devices: 1,
        fleets: [{ name: 'a', preset: 'demo' }],
      }),
    );
    const { status, stderr } = runLab(path);
    expect(status).toBe(2);
    expect(stderr).toContain(`Failed to load the lab ${path}`);
    expect(stderr).toContain('fleets:');
    expect(runLab('missing.json').stderr).toContain(
      'Failed to read the lab missing.json',
    );
  });
});
