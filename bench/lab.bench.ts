/**
 * The polling lab at fleet scale (issue targets, printed, never asserted):
 * 10,000 devices at the micro defaults for 30 virtual days (target 10 s) and
 * 10,000 devices at the demo intervals for 1 virtual hour (target 60 s),
 * in Node and in Chromium, with the heap left after each run.
 *
 * `LAB_BENCH_DEVICES=1000` shortens a run (the targets are for 10,000);
 * `LAB_BENCH_HOSTS=node` skips Chromium.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { openBenchPage, type BenchBrowser } from './browser.ts';
import { runLabFleet, setLabHeapProbe, type LabFleetFigures } from './labWorkloads.ts';
import type { BenchReport } from './report.ts';

const DEVICES = Number(process.env['LAB_BENCH_DEVICES'] ?? 10_000);
const HOSTS = (process.env['LAB_BENCH_HOSTS'] ?? 'node,chromium').split(',');

const RUNS = [
  {
    preset: 'micro',
    devices: DEVICES,
    seconds: 30 * 86_400,
    target: '10 s',
    label: '30 d',
  },
  { preset: 'demo', devices: DEVICES, seconds: 3_600, target: '60 s', label: '1 h' },
] as const;

function describe(
  report: BenchReport,
  where: string,
  label: string,
  preset: string,
  target: string,
  figures: LabFleetFigures,
): void {
  const seconds = figures.wallMs / 1000;
  report.add({
    name: `lab: ${figures.devices.toLocaleString('en-US')} devices at ${preset}, ${label}, ${where}`,
    value: seconds,
    unit: 's wall',
    // The targets are for 10,000 devices.
    ...(figures.devices === 10_000 ? { target: `≤ ${target}` } : {}),
  });
  report.add({
    name: `  exchanges per wall second, ${where}`,
    value: figures.exchanges / seconds,
    unit: 'exchanges/s',
  });
  if (Number.isFinite(figures.heapBytes)) {
    report.add({
      name: `  heap a third of the way, ${where}`,
      value: figures.heapThirdBytes / 1_048_576,
      unit: 'MiB',
    });
    report.add({
      name: `  heap at the end, ${where}`,
      value: figures.heapBytes / 1_048_576,
      unit: 'MiB',
    });
  }
}

async function inPage(
  bench: BenchBrowser,
  ...args: Parameters<typeof runLabFleet>
): Promise<LabFleetFigures> {
  return bench.page.evaluate(
    (workloadArgs) => window.labBenchWorkloads.runLabFleet(...workloadArgs),
    args,
  );
}

export default async function labBench(report: BenchReport): Promise<void> {
  // A full collection before each reading, so the figure is what the run holds.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  setLabHeapProbe(() => {
    collect();
    return process.memoryUsage().heapUsed;
  });
  for (const run of HOSTS.includes('node') ? RUNS : []) {
    describe(
      report,
      'Node',
      run.label,
      run.preset,
      run.target,
      await runLabFleet(run.preset, run.devices, run.seconds),
    );
  }
  if (!HOSTS.includes('chromium')) return;
  const bench = await openBenchPage();
  if (bench === undefined) return;
  try {
    await bench.page.goto(new URL('lab.html', bench.page.url()).href);
    await bench.page.waitForFunction(() => window.labBenchReady === true, undefined, {
      timeout: 60_000,
    });
    for (const run of RUNS) {
      describe(
        report,
        'Chromium',
        run.label,
        run.preset,
        run.target,
        await inPage(bench, run.preset, run.devices, run.seconds),
      );
    }
  } finally {
    await bench.close();
  }
}
