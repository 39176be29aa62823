import { expect, test, type Page } from '@playwright/test';

async function openDevice(page: Page, deviceId: string) {
  await page.getByRole('tab', { name: 'Fleet' }).click();
  await page
    .getByRole('table', { name: 'Devices' })
    .getByRole('button', { name: deviceId, exact: true })
    .click();
  await expect(page.getByRole('heading', { name: deviceId, level: 2 })).toBeVisible();
}

test('breakpoint: entering ROLLBACK pauses the whole run with that device shown', async ({
  page,
}) => {
  await page.goto('/?scenario=e2e/rollback-fleet');
  await expect(page.getByText('rollback fleet', { exact: true })).toBeVisible();

  // release-2 crashes at boot on esp32-2 only, so only it goes to ROLLBACK.
  await openDevice(page, 'esp32-2');
  await page.getByText('Faults and settings of esp32-2', { exact: true }).click();
  const faults = page.getByRole('group', { name: 'Faults for esp32-2' });
  await faults
    .getByLabel('New image that crashes at boot (artifact name)')
    .fill('release-2');
  await faults.getByRole('button', { name: 'Make it crash at boot' }).click();

  // Another device is shown when the breakpoint is set, and the fleet view is open.
  await openDevice(page, 'esp32-1');
  await page.getByRole('tab', { name: 'Fleet' }).click();

  await page.getByText('Breakpoints (0)').click();
  const editor = page.getByRole('form', { name: 'New breakpoint' });
  await editor.getByLabel('Pause when').selectOption('a device enters a state');
  await editor.getByLabel('Breakpoint state').selectOption('ROLLBACK');
  await expect(editor.getByLabel('Breakpoint device')).toHaveValue('');
  await editor.getByRole('button', { name: 'Add breakpoint' }).click();
  await expect(
    page.getByRole('list', { name: 'Breakpoints' }).getByRole('listitem'),
  ).toHaveText(['any device enters ROLLBACK Remove']);
  await expect(page.getByText('Breakpoints (1)')).toBeVisible();

  await page.getByLabel('Speed').selectOption('100');
  await page.getByRole('button', { name: 'Play' }).click();

  const hit = page.getByRole('status', { name: 'Breakpoint hit' });
  await expect(hit).toContainText(
    'esp32-2 entered ROLLBACK (breakpoint: any device enters ROLLBACK)',
    {
      timeout: 30_000,
    },
  );
  // Paused: the button offers Play again and virtual time stands still.
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const stoppedAt = await page.getByLabel('Virtual time').textContent();
  expect(await hit.textContent()).toContain(`Paused at ${stoppedAt}`);

  // The device view is open on the device that entered ROLLBACK.
  await expect(page.getByRole('tab', { name: 'Device' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('heading', { name: 'esp32-2', level: 2 })).toBeVisible();
  await expect(page.getByLabel('Device state')).toHaveText('ROLLBACK');
  const chart = page.getByRole('group', { name: 'Client statechart of esp32-2' });
  await expect(
    chart.getByRole('img', { name: 'ROLLBACK (current, visited)', exact: true }),
  ).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Timeline of esp32-2' });
  await expect(timeline.getByRole('listitem').last()).toContainText('update ROLLBACK');

  await page.waitForTimeout(500);
  await expect(page.getByLabel('Virtual time')).toHaveText(stoppedAt!);
  await page.screenshot({ path: 'test-results/breakpoint.png', fullPage: true });

  // Going on clears the hit; the breakpoint stays for the next device.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(hit).toHaveCount(0);
});
