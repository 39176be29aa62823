import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { Simulation, parseScenario } from '../src/fleet/index.ts';

const SCENARIO_PATH = 'scenarios/pipeline-probe.json';

async function nodeTraceHash(): Promise<string> {
  const simulation = new Simulation(
    parseScenario(readFileSync(SCENARIO_PATH, 'utf8'), SCENARIO_PATH),
  );
  await simulation.runToEnd();
  return simulation.kernel.trace.digest();
}

test('the service worker controls the page and the mock answers the device poll', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toContainText('mock service worker');
  const controlled = await page.evaluate(
    () => navigator.serviceWorker.controller !== null,
  );
  expect(controlled).toBe(true);

  const answered = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/devices/v2/deployments/device/deployments/next') &&
      response.fromServiceWorker(),
  );
  await page.getByLabel('Speed').selectOption('1000');
  await page.getByRole('button', { name: 'Play' }).click();
  const response = await answered;
  // The probe holds no device token: the mock refuses it as the real server would.
  expect(response.status()).toBe(401);
  expect(response.request().method()).toBe('POST');
  await expect(page.getByLabel('Last response of esp32-1')).toHaveText('401');

  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'test-results/first-page.png', fullPage: true });
});

test('the same scenario and seed give the Node trace hash through either transport', async ({
  page,
}) => {
  const expected = await nodeTraceHash();
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toContainText('mock service worker');

  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:05:00.000');
  await expect(page.getByLabel('Trace hash')).toHaveText(expected);

  await page.getByRole('combobox', { name: 'Transport' }).selectOption('in-process');
  await expect(page.getByLabel('Wire mode')).toContainText('in-process');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:05:00.000');
  await expect(page.getByLabel('Trace hash')).toHaveText(expected);
});

test('a malformed scenario file is named with its problem and the running one is kept', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toContainText('mock service worker');
  await page.getByLabel('Load scenario').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'mcu-fleet-simulator/scenario',
        version: 1,
        name: 'broken',
        run: { seed: 1, durationSeconds: 60 },
        fleet: [{ name: 'esp32', count: 0, deviceType: 'esp32' }],
      }),
    ),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Failed to load the scenario broken.json');
  await expect(alert).toContainText('fleet[0].count');
  await expect(page.getByText('pipeline probe')).toBeVisible();
});
