import { expect, test, type Page } from '@playwright/test';

const LESSON = 'Workshop 3: power loss during install';
const OTHER_LESSON = 'Workshop 7: wrong device type';

async function openApp(page: Page) {
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toBeVisible();
}

test('a reload keeps the workspace, and an exported one imports to the same trace hash', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page
    .getByRole('combobox', { name: 'Workshop scenario' })
    .selectOption({ label: LESSON });
  await expect(page.getByText(`Scenario: ${LESSON}`)).toBeVisible();

  // Played and paused wherever the click lands, between two events.
  await page.getByLabel('Speed').selectOption('100');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByLabel('Virtual time')).not.toHaveText(/^00:00:/, {
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Pause' }).click();
  const time = (await page.getByLabel('Virtual time').textContent())!;
  const hash = (await page.getByLabel('Trace hash').textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByLabel('Autosave')).toHaveText(
    `Saved in this browser: ${LESSON} at ${time}`,
  );

  await page.getByRole('button', { name: 'Workspace' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export workspace' }).click();
  const exported = await downloading;
  const exportPath = test.info().outputPath('exported.workspace.json');
  await exported.saveAs(exportPath);
  expect(exported.suggestedFilename()).toMatch(/\.workspace\.json$/);

  // A reload alone: the workspace comes back from this browser, replayed.
  await page.reload();
  await expect(page.getByText(`Scenario: ${LESSON}`)).toBeVisible();
  await expect(page.getByLabel('Trace hash')).toHaveText(hash, { timeout: 90_000 });
  await expect(page.getByLabel('Virtual time')).toHaveText(time);
  await expect(page.getByRole('status', { name: 'Workspace status' })).toContainText(
    'the trace hash matches the saved one',
  );

  // Something else runs; importing the file brings the exported run back.
  await page
    .getByRole('combobox', { name: 'Workshop scenario' })
    .selectOption({ label: OTHER_LESSON });
  await expect(page.getByText(`Scenario: ${OTHER_LESSON}`)).toBeVisible();
  await expect(page.getByLabel('Trace hash')).not.toHaveText(hash);
  await page.getByRole('button', { name: 'Workspace' }).click();
  await page.getByLabel('Import workspace').setInputFiles(exportPath);
  await expect(page.getByText(`Scenario: ${LESSON}`)).toBeVisible();
  await expect(page.getByLabel('Trace hash')).toHaveText(hash, { timeout: 90_000 });
  await expect(page.getByLabel('Virtual time')).toHaveText(time);
  await page.screenshot({ path: 'test-results/workspace-restored.png', fullPage: true });
});
