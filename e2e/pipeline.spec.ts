import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { Simulation, parseScenario } from '../src/fleet/index.ts';

const SCENARIO_PATH = 'scenarios/happy-path.json';

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

  const fromWorker = (path: string) =>
    page.waitForResponse(
      (response) => response.url().endsWith(path) && response.fromServiceWorker(),
    );
  const authAnswered = fromWorker('/api/devices/v1/authentication/auth_requests');
  const pollAnswered = fromWorker('/api/devices/v2/deployments/device/deployments/next');
  await page.getByLabel('Speed').selectOption('100');
  await page.getByRole('button', { name: 'Play' }).click();

  // Pending until the scenario accepts the devices at 60 s: the server says 401.
  const auth = await authAnswered;
  expect(auth.status()).toBe(401);
  expect(auth.request().headers()['x-men-signature']).toMatch(/^[A-Za-z0-9+/]+=*$/);
  // Accepted, authenticated, then the first poll: no deployment yet.
  const poll = await pollAnswered;
  expect(poll.status()).toBe(204);
  expect(poll.request().method()).toBe('POST');

  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'test-results/first-page.png', fullPage: true });
});

test('the same scenario and seed give the Node trace hash through either transport', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const expected = await nodeTraceHash();
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toContainText('mock service worker');

  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:15:00.000', {
    // Through the service worker each request costs a few ms of real time.
    timeout: 90_000,
  });
  await expect(page.getByLabel('Trace hash')).toHaveText(expected);

  await page.getByRole('combobox', { name: 'Transport' }).selectOption('in-process');
  await expect(page.getByLabel('Wire mode')).toContainText('in-process');
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:15:00.000', {
    // Through the service worker each request costs a few ms of real time.
    timeout: 90_000,
  });
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
        fleet: [{ name: 'esp32', count: 0 }],
      }),
    ),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Failed to load the scenario broken.json');
  await expect(alert).toContainText('fleet[0].count');
  await expect(page.getByText('happy path with reboot', { exact: true })).toBeVisible();
});
