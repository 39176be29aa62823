/**
 * The simulated fleet at scale, through the Simulation the app runs: idle,
 * preauthorized devices polling the mock server at the demo intervals
 * (update check 30 s, inventory 60 s) for one virtual hour after a two-minute
 * warm-up (boots, key generation, authentication), in Node and in Chromium.
 *
 * Figures per host and size: wall seconds of the hour, device-hours per wall
 * second, heap bytes per device (devices, server and trace together), and
 * the wall cost of one fired kernel event, with its ratio between 10,000 and
 * 1,000 devices (how the cost grows with the fleet).
 *
 * Beside each fleet run, the XState floor (bench/xstateFloor.ts): the same
 * number of minimal poll machines, to show how much of the cost is the
 * statechart runtime itself.
 *
 * `FLEET_BENCH_SIZES=1000,2000` and `FLEET_BENCH_SECONDS=600` shorten a run
 * for profiling; `FLEET_BENCH_HOSTS=node` skips Chromium.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

import { inBrowser, openBenchPage } from './browser.ts';
import { formatNumber, type BenchReport } from './report.ts';
import { runXStateFloor, type XStateFloorFigures } from './xstateFloor.ts';
import {
  runIdleFleet,
  setHeapProbe,
  WARM_UP_SECONDS,
  type FleetRunFigures,
} from './workloads.ts';

const SIZES = (process.env['FLEET_BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const MEASURED_SECONDS = Number(process.env['FLEET_BENCH_SECONDS'] ?? 3600);
const HOSTS = (process.env['FLEET_BENCH_HOSTS'] ?? 'node,chromium').split(',');

function describe(report: BenchReport, host: string, figures: FleetRunFigures): void {
  const label = `${figures.devices.toLocaleString('en-US')} devices, ${host}`;
  const hours = figures.virtualMs / 3_600_000;
  const isTargetSize = figures.devices === 10_000 && hours === 1;
  report.add({
    name: `${label}: setup and ${WARM_UP_SECONDS} s warm-up (boots, keys, auth)`,
    value: (figures.setupMs + figures.warmUpMs) / 1000,
    unit: 's wall',
  });
  report.add({
    name: `${label}: ${formatNumber(hours)} virtual hour(s)`,
    value: figures.wallMs / 1000,
    unit: 's wall',
    ...(isTargetSize ? { target: '≤ 60 s' } : {}),
  });
  report.add({
    name: `${label}: devices × simulated hours per wall second`,
    value: (figures.devices * hours) / (figures.wallMs / 1000),
    unit: 'device-h/s',
  });
  report.add({
    name: `${label}: HTTP exchanges / kernel events in the span`,
    value: figures.exchanges / figures.events,
    unit: `(${figures.exchanges.toLocaleString('en-US')} / ${figures.events.toLocaleString('en-US')})`,
  });
  report.add({
    name: `${label}: heap per device after warm-up`,
    value: figures.heapBytesPerDeviceWarm,
    unit: 'bytes',
  });
  report.add({
    name: `${label}: heap per device at the end (histories full)`,
    value: figures.heapBytesPerDeviceEnd,
    unit: 'bytes',
    target: '≤ 30,720',
  });
  report.add({
    name: `${label}: wall cost per kernel event`,
    value: (figures.wallMs * 1000) / figures.events,
    unit: 'µs/event',
  });
}

function compareSizes(report: BenchReport, host: string, runs: FleetRunFigures[]): void {
  const small = runs[0];
  const large = runs[runs.length - 1];
  if (small === undefined || large === undefined || small === large) return;
  report.add({
    name: `${host}: cost per event, ${large.devices.toLocaleString('en-US')} vs ${small.devices.toLocaleString('en-US')} devices`,
    value: large.wallMs / large.events / (small.wallMs / small.events),
    unit: '×',
    target: '≤ 1.5',
  });
}

/**
 * The XState floor beside the fleet: the same number of minimal poll
 * machines (bench/xstateFloor.ts) over the same virtual span, and what the
 * fleet's exchanges would cost if each cost only that.
 */
function describeFloor(
  report: BenchReport,
  host: string,
  fleet: FleetRunFigures,
  floor: XStateFloorFigures,
): void {
  const floorMicros = (floor.wallMs * 1000) / floor.exchanges;
  const fleetMicros = (fleet.wallMs * 1000) / fleet.exchanges;
  const label = `${fleet.devices.toLocaleString('en-US')} devices, ${host}`;
  report.add({
    name: `${label}: wall cost per HTTP exchange, simulated fleet`,
    value: fleetMicros,
    unit: 'µs',
  });
  report.add({
    name: `${label}: XState floor (minimal poll machine, requests started and cancelled by actions as the client's) per exchange`,
    value: floorMicros,
    unit: `µs (fleet ÷ floor: ${formatNumber(fleetMicros / floorMicros)}×)`,
  });
  report.add({
    name: `${label}: the fleet's ${fleet.exchanges.toLocaleString('en-US')} exchanges at the floor's cost`,
    value: (floorMicros * fleet.exchanges) / 1e6,
    unit: `s wall (measured: ${formatNumber(fleet.wallMs / 1000)} s)`,
  });
}

function nodeHeapProbe() {
  v8.setFlagsFromString('--expose-gc');
  const collectGarbage = vm.runInNewContext('gc') as () => void;
  return {
    usedAfterCollection() {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    },
  };
}

export default async function fleetBench(report: BenchReport): Promise<void> {
  const hashes = new Map<string, string>();
  if (HOSTS.includes('node')) {
    setHeapProbe(nodeHeapProbe());
    const runs: FleetRunFigures[] = [];
    for (const devices of SIZES) {
      const figures = await runIdleFleet(devices, MEASURED_SECONDS);
      describe(report, 'Node', figures);
      describeFloor(report, 'Node', figures, runXStateFloor(devices, MEASURED_SECONDS));
      hashes.set(`${devices}`, figures.traceHash);
      runs.push(figures);
    }
    compareSizes(report, 'Node', runs);
  }
  if (!HOSTS.includes('chromium')) return;
  const browser = await openBenchPage();
  if (browser === undefined) return;
  try {
    const runs: FleetRunFigures[] = [];
    for (const devices of SIZES) {
      const figures = await inBrowser(browser, 'runIdleFleet', devices, MEASURED_SECONDS);
      describe(report, 'Chromium', figures);
      describeFloor(
        report,
        'Chromium',
        figures,
        await inBrowser(browser, 'runXStateFloor', devices, MEASURED_SECONDS),
      );
      const nodeHash = hashes.get(`${devices}`);
      if (nodeHash !== undefined) {
        console.log(
          `  trace hash, ${devices} devices: ${nodeHash === figures.traceHash ? 'Node == Chromium' : `DIFFERS (Node ${nodeHash}, Chromium ${figures.traceHash})`}`,
        );
      }
      runs.push(figures);
    }
    compareSizes(report, 'Chromium', runs);
  } finally {
    await browser.close();
  }
}
