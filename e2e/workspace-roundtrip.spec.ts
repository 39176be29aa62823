import { expect, test, type Page } from '@playwright/test';

import { writeArtifact } from '../src/artifact/index.ts';

const LESSON = 'Workshop 3: power loss during install';
const OTHER_LESSON = 'Workshop 7: wrong device type';

async function openApp(page: Page) {
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toBeVisible();
}

test('workspace-roundtrip: a reload keeps the workspace, and an exported one imports to the same trace hash', async ({
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

test('workspace-roundtrip: the admin’s actions and uploaded file come back after a reload and an import', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  const lesson = 'Workshop 5: pending acceptance';
  await page
    .getByRole('combobox', { name: 'Workshop scenario' })
    .selectOption({ label: lesson });
  await expect(page.getByText(`Scenario: ${lesson}`)).toBeVisible();

  await page.getByRole('tab', { name: 'Server admin' }).click();
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('heading', { name: 'Pending (5)' })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Accept all pending' }).click();
  await expect(page.getByRole('heading', { name: 'Accepted (5)' })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByLabel('Upload artifact').setInputFiles({
    name: 'users-build.mender',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(
      writeArtifact({
        artifactName: 'users-build',
        payloadType: 'zephyr-image',
        deviceTypes: ['esp32s3_devkitc'],
        files: [{ name: 'zephyr.signed.bin', data: new Uint8Array(6000).fill(9) }],
      }),
    ),
  });
  const artifacts = page.getByRole('table', { name: 'Artifacts' });
  await expect(artifacts.getByRole('row', { name: /users-build/ })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Pause' }).click();
  const time = (await page.getByLabel('Virtual time').textContent())!;
  const hash = (await page.getByLabel('Trace hash').textContent())!;
  await expect(page.getByLabel('Autosave')).toHaveText(
    `Saved in this browser: ${lesson} at ${time}`,
  );
  await page.getByRole('button', { name: 'Workspace' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export workspace' }).click();
  const exportPath = test.info().outputPath('admin.workspace.json');
  await (await downloading).saveAs(exportPath);

  await page.reload();
  await expect(page.getByLabel('Trace hash')).toHaveText(hash, { timeout: 90_000 });
  await expect(page.getByLabel('Virtual time')).toHaveText(time);
  await page.getByRole('tab', { name: 'Server admin' }).click();
  await expect(artifacts.getByRole('row', { name: /users-build/ })).toBeVisible();

  await page
    .getByRole('combobox', { name: 'Workshop scenario' })
    .selectOption({ label: 'Workshop 1: happy path with reboot' });
  await expect(page.getByLabel('Trace hash')).not.toHaveText(hash);
  // An open admin panel refreshes its lists when a run is restored, and those
  // requests are new actions after the restored point: watch from the fleet view.
  await page.getByRole('tab', { name: 'Fleet' }).click();
  await page.getByRole('button', { name: 'Workspace' }).click();
  await page.getByLabel('Import workspace').setInputFiles(exportPath);
  await expect(page.getByLabel('Trace hash')).toHaveText(hash, { timeout: 90_000 });
  await expect(page.getByLabel('Virtual time')).toHaveText(time);
});
