import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

interface HarFile {
  log: {
    version: string;
    creator: { name: string };
    entries: {
      startedDateTime: string;
      request: { method: string; url: string };
      response: { status: number; content: { size: number; mimeType: string } };
      timings: { send: number; wait: number; receive: number };
      _subject: string;
    }[];
  };
}

async function exportHar(page: Page, of: string): Promise<HarFile> {
  await page.getByRole('combobox', { name: 'HAR traffic of' }).selectOption(of);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export HAR' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.har$/);
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as HarFile;
}

test('har-export: the HAR of a device parses and has one entry per request that device made', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(page.getByLabel('Wire mode')).toContainText('mock service worker');
  await page
    .getByRole('combobox', { name: 'Workshop scenario' })
    .selectOption({ label: 'Workshop 1: happy path with reboot' });

  // Through the service worker every request a device sends is a request of the page.
  const sent: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== new URL(page.url()).origin) {
      sent.push(`${request.method()} ${request.url()}`);
    }
  });
  await page.getByLabel('Jump to time').fill('00:03:00');
  await page.getByRole('button', { name: 'Jump' }).click();
  await expect(page.getByLabel('Virtual time')).toHaveText('00:03:00.000', {
    timeout: 60_000,
  });

  await page.getByRole('button', { name: 'Workspace' }).click();
  const fleet = await exportHar(page, 'Whole fleet');
  expect(fleet.log.version).toBe('1.2');
  expect(fleet.log.creator.name).toBe('MCU Fleet Simulator');
  const line = (entry: HarFile['log']['entries'][number]) =>
    `${entry.request.method} ${entry.request.url}`;
  expect(fleet.log.entries.map(line).sort()).toEqual([...sent].sort());

  const device = await exportHar(page, 'esp32-2');
  const entries = device.log.entries;
  expect(entries.map(line)).toEqual(
    fleet.log.entries.filter((entry) => entry._subject === 'esp32-2').map(line),
  );
  expect(entries.every((entry) => entry._subject === 'esp32-2')).toBe(true);
  // By 3 minutes the device has authenticated, polled and downloaded release-2.
  const paths = entries.map((entry) => new URL(entry.request.url).pathname);
  expect(paths).toContain('/api/devices/v1/authentication/auth_requests');
  expect(paths).toContain('/api/devices/v2/deployments/device/deployments/next');
  expect(entries.filter((entry) => entry.request.method === 'GET')).toHaveLength(1);
  for (const entry of entries) {
    expect(Number.isNaN(Date.parse(entry.startedDateTime))).toBe(false);
    expect(typeof entry.response.content.mimeType).toBe('string');
  }
  await expect(page.getByRole('status', { name: 'Workspace status' })).toContainText(
    `${entries.length} requests`,
  );
});
