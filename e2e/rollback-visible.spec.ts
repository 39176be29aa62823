import { expect, test, type Page } from '@playwright/test';

/** Opens the device view on a device from the fleet table. */
async function openDevice(page: Page, deviceId: string) {
  await page.getByRole('tab', { name: 'Fleet' }).click();
  await page
    .getByRole('table', { name: 'Devices' })
    .getByRole('button', { name: deviceId, exact: true })
    .click();
  await expect(page.getByRole('heading', { name: deviceId, level: 2 })).toBeVisible();
}

/** The device's faults and settings panel, opened. */
async function faultsOf(page: Page, deviceId: string) {
  await page.getByText(`Faults and settings of ${deviceId}`, { exact: true }).click();
  return page.getByRole('group', { name: `Faults for ${deviceId}` });
}

test('rollback-visible: a power cut in INSTALL and an image crashing at boot both end on the old image', async ({
  page,
}) => {
  await page.goto('/?scenario=e2e/rollback-fleet');
  await expect(page.getByText('rollback fleet', { exact: true })).toBeVisible();

  // Before the deployment (at 90 s): esp32-1 loses power as it enters INSTALL,
  // and release-2 crashes at boot on esp32-2. esp32-3 updates normally.
  await openDevice(page, 'esp32-1');
  const cutFaults = await faultsOf(page, 'esp32-1');
  await cutFaults.getByLabel('Cut power on entering state').selectOption('INSTALL');
  await cutFaults.getByLabel('Off for (s, empty: stays off)').fill('10');
  await cutFaults.getByRole('button', { name: 'Arm power cut' }).click();

  await openDevice(page, 'esp32-2');
  const crashFaults = await faultsOf(page, 'esp32-2');
  await crashFaults
    .getByLabel('New image that crashes at boot (artifact name)')
    .fill('release-2');
  await crashFaults.getByRole('button', { name: 'Make it crash at boot' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByLabel('Jump to time').fill('00:05:00');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:05:00.000', {
    timeout: 30_000,
  });

  // The fleet: both faulty devices run release-1, confirmed; the third runs release-2.
  await page.getByRole('tab', { name: 'Fleet' }).click();
  await expect(page.getByLabel('Image of esp32-1')).toHaveText('release-1');
  await expect(page.getByLabel('Image of esp32-2')).toHaveText('release-1');
  await expect(page.getByLabel('Image of esp32-3')).toHaveText('release-2');
  // Back to polling: an idle check for a deployment is not an update under way.
  await expect(
    page.getByRole('list', { name: 'Fleet counts' }).getByRole('button'),
  ).toHaveText(['All 3', 'OPERATIONAL 3']);
  await page.screenshot({ path: 'test-results/fleet-view.png', fullPage: true });

  // The power cut: INSTALL, power off and on, then FAILURE without a reboot into release-2.
  await openDevice(page, 'esp32-1');
  const cutTimeline = page.getByRole('region', { name: 'Timeline of esp32-1' });
  const cutEntries = await cutTimeline.getByRole('listitem').allTextContents();
  const cutPath = cutEntries.map((entry) => entry.replace(/^\S+ /, ''));
  const installAt = cutPath.indexOf('update INSTALL');
  expect(installAt).toBeGreaterThan(-1);
  expect(cutPath.slice(installAt, installAt + 3)).toEqual([
    'update INSTALL',
    'power off (power cut on entering INSTALL)',
    'power on (power restored)',
  ]);
  expect(cutPath.slice(installAt)).toContain('update FAILURE');
  expect(cutPath).not.toContain('update REBOOT');
  expect(cutPath).not.toContain('update COMMIT');
  const cutChart = page.getByRole('group', { name: 'Client statechart of esp32-1' });
  for (const state of ['DOWNLOAD', 'INSTALL', 'FAILURE', 'CLEANUP']) {
    await expect(
      cutChart.getByRole('img', { name: `${state} (visited)`, exact: true }),
    ).toBeVisible();
  }
  for (const state of ['REBOOT', 'ROLLBACK', 'COMMIT']) {
    await expect(cutChart.getByRole('img', { name: state, exact: true })).toBeVisible();
  }
  // The client told the server the update failed.
  await expect(
    page
      .getByRole('region', { name: 'HTTP exchanges of esp32-1' })
      .getByText('"status":"failure"'),
  ).toHaveCount(1);

  // The crashing image: rebooted into release-2, MCUboot reverted, ROLLBACK, FAILURE.
  await openDevice(page, 'esp32-2');
  await expect(page.getByRole('region', { name: 'Flash of esp32-2' })).toContainText(
    'release-1 (confirmed)',
  );
  const crashEntries = await page
    .getByRole('region', { name: 'Timeline of esp32-2' })
    .getByRole('listitem')
    .allTextContents();
  const crashPath = crashEntries
    .map((entry) => entry.replace(/^\S+ /, ''))
    .filter((entry) => entry.startsWith('update ') && entry !== 'update DOWNLOAD');
  expect(crashPath.slice(0, 6)).toEqual([
    'update INSTALL',
    'update REBOOT',
    'update VERIFY_REBOOT',
    'update ROLLBACK',
    'update FAILURE',
    'update CLEANUP',
  ]);
  const crashChart = page.getByRole('group', { name: 'Client statechart of esp32-2' });
  for (const state of ['REBOOT', 'VERIFY_REBOOT', 'ROLLBACK', 'FAILURE']) {
    await expect(
      crashChart.getByRole('img', { name: `${state} (visited)`, exact: true }),
    ).toBeVisible();
  }
  await expect(
    crashChart.getByRole('img', { name: 'COMMIT', exact: true }),
  ).toBeVisible();
  // The same path on mender-mcu's own states, with the failure successors taken.
  const menderChart = page.getByRole('group', { name: 'mender-mcu states of esp32-2' });
  for (const state of ['INSTALL', 'REBOOT', 'VERIFY_REBOOT', 'ROLLBACK', 'FAILURE']) {
    await expect(
      menderChart.getByRole('img', { name: `${state} (visited)`, exact: true }),
    ).toBeVisible();
  }
  await expect(
    menderChart.getByRole('img', { name: 'COMMIT', exact: true }),
  ).toBeVisible();

  // Scrubbing back through its history to the moment it entered ROLLBACK.
  const history = page.getByRole('slider', { name: 'History position' });
  const shownState = page.getByLabel('Device state');
  for (let step = 0; step < 400; step++) {
    if ((await shownState.textContent()) === 'ROLLBACK') break;
    await history.press('ArrowLeft');
  }
  await expect(shownState).toHaveText('ROLLBACK');
  await expect(page.getByLabel('Moment shown')).toContainText('record');
  await expect(
    crashChart.getByRole('img', { name: 'ROLLBACK (current, visited)', exact: true }),
  ).toBeVisible();
  await expect(
    menderChart.getByRole('img', { name: 'ROLLBACK (current, visited)', exact: true }),
  ).toBeVisible();
  // FAILURE comes after this moment.
  await expect(
    crashChart.getByRole('img', { name: 'FAILURE', exact: true }),
  ).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Timeline of esp32-2' })
      .getByRole('listitem')
      .last(),
  ).toContainText('update ROLLBACK');
  await page.screenshot({ path: 'test-results/device-view.png', fullPage: true });
  await page.getByRole('button', { name: 'Live' }).click();
  await expect(shownState).toHaveText('OPERATIONAL');

  // The server's view: two failures and one success in the deployment.
  await page.getByRole('tab', { name: 'Server admin' }).click();
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  const statistics = page.getByLabel('Statistics of release-2 to all');
  await expect(statistics).toContainText('success1', { timeout: 30_000 });
  await expect(statistics).toContainText('failure2');

  // Each device's status in the deployment, and the log the failing ones uploaded.
  await page.getByText('Devices of release-2 to all', { exact: true }).click();
  const devices = page.getByRole('table', { name: 'Devices of release-2 to all' });
  for (const [device, status] of [
    ['esp32-1', 'failure'],
    ['esp32-2', 'failure'],
    ['esp32-3', 'success'],
  ] as const) {
    await expect(
      devices.getByRole('row', { name: new RegExp(`^${device} `) }),
    ).toContainText(status, { timeout: 30_000 });
  }
  await devices
    .getByRole('button', { name: 'Fetch the deployment log of esp32-2' })
    .click();
  await expect(page.getByLabel('Deployment log of esp32-2')).toContainText(
    'nothing to roll back',
    { timeout: 30_000 },
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'test-results/rollback-admin.png', fullPage: true });
});
