/**
 * The dashboard under load, in the production build the app ships
 * (`vite build`, served by `vite preview`) in the system Chromium:
 *
 * - the initial JavaScript (the entry script and what it preloads), gzipped;
 * - the first contentful paint of the page;
 * - with a fleet of idle devices (demo intervals) playing at full speed on the
 *   fleet view: animation-frame intervals (p50, p95), simulated device-hours
 *   per wall second, and the same simulation headless in the same browser
 *   (no page, no rendering) for the ratio;
 * - how long a click on Pause takes to take effect: from the input event to
 *   the button showing Play, with virtual time standing still after it.
 *
 * `DASHBOARD_BENCH_DEVICES=1000` and `DASHBOARD_BENCH_SECONDS=5` shorten a
 * run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium, type Page } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.config.ts';
import { percentile } from '../src/lab/statistics.ts';
import { parseVirtualTime } from '../src/ui/format.ts';
import { inBrowser, openBenchPage, serveProductionBuild } from './browser.ts';
import type { BenchReport } from './report.ts';
import { idleFleetScenario, WARM_UP_SECONDS } from './workloads.ts';

const DEVICES = Number(process.env['DASHBOARD_BENCH_DEVICES'] ?? 10_000);
/** Wall seconds of play measured after the warm-up. */
const MEASURED_WALL_SECONDS = Number(process.env['DASHBOARD_BENCH_SECONDS'] ?? 15);
/** Virtual seconds of the headless run the played speed is compared with. */
const HEADLESS_VIRTUAL_SECONDS = 120;
const SCENARIO_VIRTUAL_SECONDS = 24 * 3600;

/** Script and preloaded modules named by the built index.html, gzipped. */
function initialJavaScriptBytes(outDir: string): { files: number; gzipped: number } {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const paths = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((match) => match[1]!);
  let gzipped = 0;
  for (const path of new Set(paths)) {
    gzipped += gzipSync(readFileSync(join(outDir, path.replace(/^\//, '')))).length;
  }
  return { files: new Set(paths).size, gzipped };
}

const VIRTUAL_TIME = 'output[aria-label="Virtual time"]';

async function virtualMilliseconds(page: Page): Promise<number> {
  const text = (await page.locator(VIRTUAL_TIME).textContent()) ?? '';
  const milliseconds = parseVirtualTime(text);
  if (milliseconds === undefined) throw new Error(`Unreadable virtual time "${text}"`);
  return milliseconds;
}

interface PlayFigures {
  readonly frameIntervals: number[];
  readonly wallMs: number;
  readonly virtualMs: number;
}

/** Frame intervals and virtual time gained over `seconds` of wall time, taken in the page. */
async function measurePlay(page: Page, seconds: number): Promise<PlayFigures> {
  const measured = await page.evaluate(
    ([wallSeconds, selector]) =>
      new Promise<{ frames: number[]; wallMs: number; before: string; after: string }>(
        (resolve) => {
          const readVirtual = () => document.querySelector(selector)?.textContent ?? '';
          const frames: number[] = [];
          const start = performance.now();
          const before = readVirtual();
          const onFrame = (time: number) => {
            frames.push(time);
            if (time - start < wallSeconds * 1000) requestAnimationFrame(onFrame);
            else {
              resolve({
                frames,
                wallMs: performance.now() - start,
                before,
                after: readVirtual(),
              });
            }
          };
          requestAnimationFrame(onFrame);
        },
      ),
    [seconds, VIRTUAL_TIME] as const,
  );
  const before = parseVirtualTime(measured.before);
  const after = parseVirtualTime(measured.after);
  if (before === undefined || after === undefined) {
    throw new Error(
      `Unreadable virtual time "${measured.before}" or "${measured.after}"`,
    );
  }
  return {
    frameIntervals: measured.frames
      .slice(1)
      .map((at, index) => at - measured.frames[index]!),
    wallMs: measured.wallMs,
    virtualMs: after - before,
  };
}

interface PauseFigures {
  /** From the click's input event to the button reading Play. */
  readonly latencyMs: number;
  /** Virtual time moved after the button read Play (should be 0). */
  readonly virtualDriftMs: number;
}

async function measurePause(page: Page): Promise<PauseFigures> {
  await page.evaluate((selector) => {
    const probe: { clickAt?: number; shownAt?: number; virtualShown?: string } = {};
    (window as unknown as { pauseProbe: typeof probe }).pauseProbe = probe;
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as HTMLElement).textContent === 'Pause')
          probe.clickAt = event.timeStamp;
      },
      { capture: true, once: true },
    );
    const button = [...document.querySelectorAll('button')].find(
      (candidate) => candidate.textContent === 'Pause',
    );
    if (button === undefined) throw new Error('No Pause button: the run is not playing');
    const observer = new MutationObserver(() => {
      if (button.textContent === 'Play') {
        probe.shownAt = performance.now();
        probe.virtualShown = document.querySelector(selector)?.textContent ?? '';
        observer.disconnect();
      }
    });
    observer.observe(button, { childList: true, characterData: true, subtree: true });
  }, VIRTUAL_TIME);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForFunction(
    () =>
      (window as unknown as { pauseProbe: { shownAt?: number } }).pauseProbe.shownAt !==
      undefined,
  );
  await page.waitForTimeout(300);
  const probe = await page.evaluate(
    () =>
      (
        window as unknown as {
          pauseProbe: { clickAt: number; shownAt: number; virtualShown: string };
        }
      ).pauseProbe,
  );
  const after = await virtualMilliseconds(page);
  return {
    latencyMs: probe.shownAt - probe.clickAt,
    virtualDriftMs: after - (parseVirtualTime(probe.virtualShown) ?? Number.NaN),
  };
}

export default async function dashboardBench(report: BenchReport): Promise<void> {
  // Headless first, in the benchmark page: the same fleet with nothing drawn.
  const benchPage = await openBenchPage();
  if (benchPage === undefined) return;
  let headlessDeviceHoursPerSecond: number;
  try {
    const figures = await inBrowser(
      benchPage,
      'runIdleFleet',
      DEVICES,
      HEADLESS_VIRTUAL_SECONDS,
    );
    headlessDeviceHoursPerSecond =
      (DEVICES * (figures.virtualMs / 3_600_000)) / (figures.wallMs / 1000);
  } finally {
    await benchPage.close();
  }
  const label = `${DEVICES.toLocaleString('en-US')} devices`;
  report.add({
    name: `${label}, headless in Chromium: simulated device-hours per wall second`,
    value: headlessDeviceHoursPerSecond,
    unit: 'device-h/s',
  });

  const served = await serveProductionBuild();
  const initial = initialJavaScriptBytes(served.outDir);
  report.add({
    name: `initial JavaScript of the production build (${initial.files} files), gzipped`,
    value: initial.gzipped / 1024,
    unit: 'KiB',
    target: '< 300',
  });

  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    // tsx keeps function names with a `__name` helper that the page lacks.
    await page.addInitScript('globalThis.__name = (target) => target;');
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const paint = await page.evaluate(
      () =>
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ??
        Number.NaN,
    );
    report.add({
      name: 'first contentful paint',
      value: paint,
      unit: 'ms',
      target: '≤ 1000',
    });

    const scenario = idleFleetScenario(
      DEVICES,
      SCENARIO_VIRTUAL_SECONDS - WARM_UP_SECONDS,
    );
    await page.getByLabel('Load scenario').setInputFiles({
      name: 'idle-fleet.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(scenario)),
    });
    await page.getByText(scenario.name, { exact: true }).waitFor({ timeout: 600_000 });
    await page.getByLabel('Speed').selectOption('1000000');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    // Past the boots and first authentication, as the headless figure is.
    while ((await virtualMilliseconds(page)) < WARM_UP_SECONDS * 1000) {
      await page.waitForTimeout(500);
    }

    const play = await measurePlay(page, MEASURED_WALL_SECONDS);
    const sorted = [...play.frameIntervals].sort((a, b) => a - b);
    report.add({
      name: `${label} playing at full speed: frame interval p50`,
      value: percentile(sorted, 0.5) ?? Number.NaN,
      unit: 'ms',
    });
    report.add({
      name: `${label} playing at full speed: frame interval p95`,
      value: percentile(sorted, 0.95) ?? Number.NaN,
      unit: 'ms',
      target: '≤ 17',
    });
    const playedDeviceHoursPerSecond =
      (DEVICES * (play.virtualMs / 3_600_000)) / (play.wallMs / 1000);
    report.add({
      name: `${label} playing at full speed with the fleet view open: simulated device-hours per wall second`,
      value: playedDeviceHoursPerSecond,
      unit: 'device-h/s',
    });
    report.add({
      name: `${label}: speed with the dashboard open / headless speed`,
      value: playedDeviceHoursPerSecond / headlessDeviceHoursPerSecond,
      unit: '×',
      target: '≥ 0.5',
    });

    const pause = await measurePause(page);
    report.add({
      name: `${label}: click on Pause until the run shows paused`,
      value: pause.latencyMs,
      unit: 'ms',
      target: '≤ 100',
    });
    report.add({
      name: `${label}: virtual time moved after it showed paused`,
      value: pause.virtualDriftMs,
      unit: 'ms',
      target: '0',
    });
  } finally {
    await browser.close();
    await served.close();
  }
}
