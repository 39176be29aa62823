import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

/** The comparison table's rows by metric: unit, then each fleet's measured and model figures. */
function csvRows(csv: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of csv.split('\n\n')[0]!.split('\n').slice(1)) {
    const cells = line.split(',');
    rows.set(cells[0]!, cells.slice(1));
  }
  return rows;
}

test('polling-lab: demo and micro fleets for 7 virtual days, charts and the CSV of the numbers shown', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Polling lab' }).click();

  const preset = page.getByRole('combobox', { name: 'Preset' });
  await preset.selectOption('demo');
  await page.getByRole('button', { name: 'Add fleet' }).click();
  await preset.selectOption('micro');
  await page.getByRole('button', { name: 'Add fleet' }).click();
  await expect(page.getByRole('listitem', { name: 'Fleet demo' })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Fleet micro' })).toBeVisible();

  await page.getByRole('spinbutton', { name: 'Devices per fleet' }).fill('2');
  await page.getByRole('spinbutton', { name: 'Virtual days' }).fill('7');
  await page.getByRole('button', { name: 'Run lab' }).click();

  await expect(page.getByRole('status', { name: 'Lab progress' })).toContainText(
    'Lab finished: 7 d',
    { timeout: 200_000 },
  );

  for (const title of [
    'Fleet requests per second',
    'Requests per device so far',
    'Requests per device per day, by endpoint',
    'Devices that picked up the deployment',
    'Devices that reported success',
  ]) {
    const chart = page.getByRole('figure', { name: title });
    await expect(chart).toBeVisible();
    await expect(chart.locator('canvas')).toBeVisible();
  }

  const table = page.getByRole('table', { name: 'Measured beside the model' });
  const updateChecks = table.getByRole('row', {
    name: /^Update checks per device per day/,
  });
  const shown = await updateChecks.getByRole('cell').allInnerTexts();
  // unit, demo measured, demo model, micro measured, micro model
  expect(shown[2]).toBe('2880');
  expect(Number(shown[1])).toBeGreaterThan(2880 * 0.98);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('polling-lab.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe(
    'metric,unit,demo measured,demo model,micro measured,micro model',
  );

  const exported = csvRows(csv);
  const bodyRows = table.locator('tbody tr');
  const count = await bodyRows.count();
  expect(count).toBeGreaterThan(10);
  for (let index = 0; index < count; index++) {
    const row = bodyRows.nth(index);
    const metric = await row.getByRole('rowheader').innerText();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(exported.get(metric), metric).toEqual(cells.map((cell) => cell.trim()));
  }

  // The form as a lab file that the headless runner reads.
  const exportingLab = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export lab file' }).click();
  const labFile = JSON.parse(readFileSync((await (await exportingLab).path())!, 'utf8'));
  expect(labFile).toMatchObject({
    format: 'mcu-fleet-simulator/lab',
    durationSeconds: 604_800,
    devices: 2,
    fleets: [
      { name: 'demo', preset: 'demo' },
      { name: 'micro', preset: 'micro' },
    ],
  });
  await page.screenshot({ path: 'test-results/polling-lab.png', fullPage: true });
});
