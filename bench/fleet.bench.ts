/**
 * Whole simulations, headless in Node and in Chromium: an idle fleet at the
 * demo poll interval.
 */
import { inBrowser, openBenchPage } from './browser.ts';
import type { BenchReport } from './report.ts';
import { runIdleFleet, type FleetRunFigures } from './workloads.ts';

function describe(report: BenchReport, where: string, figures: FleetRunFigures): void {
  const deviceHours = (figures.devices * figures.virtualMs) / 3_600_000;
  report.add({
    name: `${figures.devices.toLocaleString('en-US')} idle devices, ${figures.virtualMs / 3_600_000} h, ${where}`,
    value: figures.wallMs / 1000,
    unit: 's wall',
  });
  report.add({
    name: `  device-hours per wall second, ${where}`,
    value: deviceHours / (figures.wallMs / 1000),
    unit: 'device-h/s',
  });
  report.add({
    name: `  events per second, ${where}`,
    value: figures.events / (figures.wallMs / 1000),
    unit: 'events/s',
  });
}

export default async function fleetBench(report: BenchReport): Promise<void> {
  for (const devices of [1_000, 10_000]) {
    describe(report, 'Node', await runIdleFleet(devices, 3600));
  }
  const browser = await openBenchPage();
  if (browser === undefined) return;
  try {
    for (const devices of [1_000, 10_000]) {
      describe(
        report,
        'Chromium',
        await inBrowser(browser, 'runIdleFleet', devices, 3600),
      );
    }
  } finally {
    await browser.close();
  }
}
