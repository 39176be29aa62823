import { expect, test } from '@playwright/test';

test('bad-files: a prj.conf with an out-of-range value is named with its line and the run is kept', async ({
  page,
}) => {
  await page.goto('/?scenario=e2e/rollback-fleet');
  await expect(page.getByText('rollback fleet', { exact: true })).toBeVisible();
  await page.getByLabel('Jump to time').fill('00:01:00');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:01:00.000', {
    timeout: 30_000,
  });
  const hash = (await page.getByLabel('Trace hash').textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);

  await page.getByText('Faults and settings of the fleet', { exact: true }).click();
  const firmware = page.getByRole('region', { name: 'Firmware settings of group esp32' });
  const kconfig = firmware.getByLabel('Kconfig (prj.conf)');
  const runningPrjConf = await kconfig.inputValue();
  expect(runningPrjConf).toContain('CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=30');

  await firmware.getByLabel('Import prj.conf').setInputFiles({
    name: 'too-fast.conf',
    mimeType: 'text/plain',
    buffer: Buffer.from(
      [
        '# Poll as often as possible',
        'CONFIG_MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL=60',
        'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=0',
        '',
      ].join('\n'),
    ),
  });

  const alert = firmware.getByRole('alert');
  await expect(alert).toContainText('too-fast.conf line 3');
  await expect(alert).toContainText(
    'CONFIG_MENDER_CLIENT_UPDATE_POLL_INTERVAL=0 is outside its range 1..2592000',
  );
  await expect(alert).toContainText('The running simulation is unchanged');
  await expect(
    firmware.getByRole('button', { name: 'Build and restart the run' }),
  ).toBeDisabled();

  // The run goes on as it was: same scenario, time and trace.
  await expect(page.getByLabel('Trace hash')).toHaveText(hash);
  await expect(page.getByLabel('Virtual time')).toHaveText('00:01:00.000');
  await expect(page.getByText('rollback fleet', { exact: true })).toBeVisible();
  // ...and carries on from there with the build it had.
  await page.getByLabel('Jump to time').fill('00:02:00');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:02:00.000');
  await expect(page.getByLabel('Trace hash')).not.toHaveText(hash);
  // The deployment at 90 s went ahead on the running fleet.
  await expect(page.getByLabel('Image of esp32-1')).toHaveText('release-2');
});
