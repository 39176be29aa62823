import { existsSync, readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { writeArtifact } from '../src/artifact/index.ts';

const FIXTURES = '../shared/fixtures/artifacts';
const ESP32_ARTIFACT = `${FIXTURES}/gen-zephyr-image-esp32-none.mender`;
const CORRUPT_ARTIFACT = `${FIXTURES}/broken-checksum-mismatch.mender`;

/** The fixture, or an artifact the writer makes with the same name and device type. */
function esp32Artifact(): { name: string; mimeType: string; buffer: Buffer } {
  const bytes = existsSync(ESP32_ARTIFACT)
    ? readFileSync(ESP32_ARTIFACT)
    : Buffer.from(
        writeArtifact({
          artifactName: 'esp32-fw-1.0.0',
          payloadType: 'zephyr-image',
          deviceTypes: ['esp32'],
          files: [{ name: 'zephyr.signed.bin', data: new Uint8Array(4096).fill(7) }],
        }),
      );
  return {
    name: 'gen-zephyr-image-esp32-none.mender',
    mimeType: 'application/octet-stream',
    buffer: bytes,
  };
}

/** A payload byte flipped after the manifest was written: its checksum no longer matches. */
function corruptArtifact(): { name: string; mimeType: string; buffer: Buffer } {
  if (existsSync(CORRUPT_ARTIFACT)) {
    return {
      name: 'broken-checksum-mismatch.mender',
      mimeType: 'application/octet-stream',
      buffer: readFileSync(CORRUPT_ARTIFACT),
    };
  }
  const payload = new Uint8Array(4096).fill(7);
  const bytes = Buffer.from(
    writeArtifact({
      artifactName: 'broken',
      payloadType: 'zephyr-image',
      deviceTypes: ['esp32'],
      files: [{ name: 'zephyr.signed.bin', data: payload }],
    }),
  );
  // Inside the firmware file's own bytes, not a tar header around them.
  const payloadAt = bytes.indexOf(payload);
  if (payloadAt < 0)
    throw new Error('The written artifact does not hold the payload as is');
  bytes[payloadAt + 2048] = bytes[payloadAt + 2048]! ^ 0xff;
  return {
    name: 'broken-checksum-mismatch.mender',
    mimeType: 'application/octet-stream',
    buffer: bytes,
  };
}

async function openAdmin(page: Page) {
  await page.goto('/?scenario=e2e/pending-fleet');
  await expect(page.getByText('pending fleet', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Server admin' }).click();
  await expect(page.getByRole('heading', { name: 'Server admin' })).toBeVisible();
}

test('main-job: accept the pending fleet, upload an artifact, deploy, 5 success', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openAdmin(page);
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();

  const pending = page.getByRole('table', { name: 'Pending devices' });
  await expect(page.getByRole('heading', { name: 'Pending (5)' })).toBeVisible({
    timeout: 30_000,
  });
  for (let index = 1; index <= 5; index++) {
    await expect(
      pending.getByRole('rowheader', { name: `esp32-${index}` }),
    ).toBeVisible();
  }

  await page.getByRole('button', { name: 'Accept all pending' }).click();
  await expect(page.getByRole('heading', { name: 'Accepted (5)' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('heading', { name: 'Pending (0)' })).toBeVisible();

  await page.getByLabel('Upload artifact').setInputFiles(esp32Artifact());
  const artifacts = page.getByRole('table', { name: 'Artifacts' });
  const artifactRow = artifacts.getByRole('row', { name: /esp32-fw-1\.0\.0/ });
  await expect(artifactRow).toBeVisible({ timeout: 30_000 });
  // Metadata as the server read it: device type and the payload file.
  await expect(artifactRow).toContainText('esp32');
  await expect(artifactRow).toContainText('zephyr-image');
  await expect(artifactRow).toContainText('zephyr.signed.bin');

  await page.getByRole('combobox', { name: 'Release' }).selectOption('esp32-fw-1.0.0');
  await page.getByRole('button', { name: 'Create deployment' }).click();
  const deployments = page.getByRole('table', { name: 'Deployments' });
  const deployment = deployments.getByRole('row', {
    name: /esp32-fw-1\.0\.0 deployment/,
  });
  await expect(deployment).toBeVisible({ timeout: 30_000 });

  await page.getByLabel('Speed').selectOption('100');
  const statistics = page.getByLabel('Statistics of esp32-fw-1.0.0 deployment');
  await expect(statistics).toContainText('success5', { timeout: 120_000 });
  await expect(deployment).toContainText('finished', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'test-results/admin-panel.png', fullPage: true });

  await page.getByRole('tab', { name: 'Fleet' }).click();
  for (let index = 1; index <= 5; index++) {
    // Confirmed: the fleet view adds "(testing)" to an image MCUboot has not confirmed.
    await expect(page.getByLabel(`Image of esp32-${index}`)).toHaveText('esp32-fw-1.0.0');
  }
});

test('bad-files: a corrupt artifact is named with its problem and nothing is sent', async ({
  page,
}) => {
  await openAdmin(page);
  await page.getByLabel('Upload artifact').setInputFiles(corruptArtifact());
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'not a valid Mender Artifact' });
  await expect(alert).toContainText('broken-checksum-mismatch.mender');
  await expect(alert).toContainText('data/0000.tar');
  await expect(alert).toContainText('zephyr.signed.bin');
  await expect(alert).toContainText('the running simulation is unchanged');
  // Nothing was sent: no upload in the activity, no artifact on the server.
  await expect(page.getByText('No changes made yet.')).toBeVisible();
  await expect(page.getByText('No artifacts uploaded.')).toBeVisible();
  await expect(page.getByText('pending fleet', { exact: true })).toBeVisible();
});

test('a compressed artifact is uploaded with a notice that mender-mcu will refuse it', async ({
  page,
}) => {
  const gzip = `${FIXTURES}/gen-zephyr-image-esp32-gzip.mender`;
  test.skip(!existsSync(gzip), 'needs the mender-artifact fixtures');
  await openAdmin(page);
  await page.getByLabel('Upload artifact').setInputFiles(gzip);
  await expect(
    page.getByRole('status').filter({ hasText: 'mender-mcu will refuse' }),
  ).toContainText('compress', { ignoreCase: true });
  // The upload waits for the simulation clock, like every admin request.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Artifacts' })
      .getByRole('row', { name: /esp32-fw-1\.0\.1-gz/ }),
  ).toBeVisible();
});
