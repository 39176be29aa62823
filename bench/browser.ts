/**
 * Runs benchmark workloads inside Chromium: a Vite dev server serves
 * bench/page, Playwright drives the system Chromium, and `page.evaluate`
 * calls the same workload functions Node runs.
 */
import { existsSync } from 'node:fs';

import { chromium, type Browser, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';

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
  const server: ViteDevServer = await createServer({
    configFile: 'vite.config.ts',
    server: { port: 0, strictPort: false },
    logLevel: 'error',
  });
  await server.listen();
  const address = server.resolvedUrls?.local[0];
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  await page.goto(`${address}bench/page/index.html`);
  await page.waitForFunction(() => window.benchReady === true, undefined, {
    timeout: 60_000,
  });
  return {
    page,
    async close() {
      await browser.close();
      await server.close();
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
