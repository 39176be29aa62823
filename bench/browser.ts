/**
 * Runs benchmark workloads inside Chromium: Vite builds bench/page for
 * production (the libraries' production builds, as the app ships them),
 * Vite's preview server serves it, Playwright drives the system Chromium,
 * and `page.evaluate` calls the same workload functions Node runs.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview } from 'vite';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.config.ts';
import type { browserWorkloads } from './workloads.ts';

export interface BenchBrowser {
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens the benchmark page in Chromium, or returns undefined (with a message) when it can't. */
export async function openBenchPage(): Promise<BenchBrowser | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(
      `  (skipped: no Chromium at ${CHROMIUM_PATH}; run npm run test:e2e once to install it)`,
    );
    return undefined;
  }
  // Every page of bench/page, so that a suite can navigate to its own.
  const served = await serveProductionBuild(
    readdirSync('bench/page')
      .filter((file) => file.endsWith('.html'))
      .map((file) => `bench/page/${file}`),
  );
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // A forced collection and exact heap figures, for the heap per device.
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  const page = await browser.newPage();
  await page.goto(`${served.url}bench/page/index.html`);
  await page.waitForFunction(() => window.benchReady === true, undefined, {
    timeout: 60_000,
  });
  return {
    page,
    async close() {
      await browser.close();
      await served.close();
    },
  };
}

/** A production build of the app (or of the given pages), served by Vite's preview server. */
export interface ServedBuild {
  readonly outDir: string;
  readonly url: string;
  close(): Promise<void>;
}

/** Builds with the project's Vite config into a temporary folder and serves it on a free port. */
export async function serveProductionBuild(input?: string[]): Promise<ServedBuild> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-build-'));
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      ...(input === undefined ? {} : { rollupOptions: { input } }),
    },
  });
  const server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, strictPort: false },
  });
  return {
    outDir,
    url: server.resolvedUrls?.local[0] ?? '',
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

type Workloads = typeof browserWorkloads;

/** Calls a workload in the page and returns its figures. */
export async function inBrowser<Name extends keyof Workloads>(
  bench: BenchBrowser,
  name: Name,
  ...args: Parameters<Workloads[Name]>
): Promise<Awaited<ReturnType<Workloads[Name]>>> {
  return bench.page.evaluate(
    ([workload, workloadArgs]) =>
      (window.benchWorkloads[workload] as (...a: unknown[]) => unknown)(...workloadArgs),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<Workloads[Name]>>>;
}
