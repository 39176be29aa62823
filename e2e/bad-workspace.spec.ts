import { expect, test } from '@playwright/test';

test('bad-files: a malformed workspace file is named with its problem and the running workspace is kept', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toBeVisible();
  await page.getByLabel('Jump to time').fill('00:01:00');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:01:00.000', {
    timeout: 60_000,
  });
  const scenario = (await page.locator('.app-title strong').textContent())!;
  const hash = (await page.getByLabel('Trace hash').textContent())!;

  await page.getByRole('button', { name: 'Workspace' }).click();
  await page.getByLabel('Import workspace').setInputFiles({
    name: 'broken.workspace.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'mcu-fleet-simulator/workspace',
        version: 1,
        scenario: {
          format: 'mcu-fleet-simulator/scenario',
          version: 1,
          name: 'broken',
          run: { seed: 1, durationSeconds: 60 },
          fleet: [{ name: 'esp32', count: 0 }],
        },
        actions: [],
        files: [],
        reached: { virtualTimeMs: 0, events: 0 },
        traceHash: '0'.repeat(64),
      }),
    ),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Failed to open the workspace broken.workspace.json');
  await expect(alert).toContainText('scenario.fleet[0].count');
  await expect(alert).toContainText('The running workspace was left as it was');
  await expect(page.locator('.app-title strong')).toHaveText(scenario);
  await expect(page.getByLabel('Trace hash')).toHaveText(hash);
  await expect(page.getByLabel('Virtual time')).toHaveText('00:01:00.000');

  await page.getByLabel('Import workspace').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('these are not the inputs of a run'),
  });
  await expect(alert).toContainText('Failed to open the workspace notes.txt');
  await expect(alert).toContainText('(the whole file): is not JSON');
  await expect(page.getByLabel('Trace hash')).toHaveText(hash);
});
