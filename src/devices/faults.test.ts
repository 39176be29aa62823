import { describe, expect, it } from 'vitest';

import { emptyResponse, type HttpExchangeRecord } from '../sim/index.ts';
import { DEMO_INTERVALS } from '../machines/clientSettings.ts';
import { NOOP_UPDATE } from './modules/describedModule.ts';
import { DEVICE_ID, createTraceHarness } from './testing/traceHarness.ts';

function httpRecords(
  harness: ReturnType<typeof createTraceHarness>,
): HttpExchangeRecord[] {
  return harness.kernel.trace
    .history(DEVICE_ID)
    .filter((record): record is HttpExchangeRecord => record.kind === 'http');
}

function runStarts(harness: ReturnType<typeof createTraceHarness>): number[] {
  return harness.kernel.trace
    .history(DEVICE_ID)
    .filter((record) => record.kind === 'state' && record.machine === 'client')
    .map((record) => record.time);
}

/** The time each main-work run ended: its last refused attempt plus the final sleep. */
function runEnds(
  harness: ReturnType<typeof createTraceHarness>,
  starts: number[],
  allStarts: number[],
): number[] {
  const failures = httpRecords(harness).filter((record) => record.failure !== undefined);
  return starts.map((start, index) => {
    const next = allStarts[index + 1] ?? Infinity;
    const inRun = failures.filter((record) => record.time >= start && record.time < next);
    expect(inRun).toHaveLength(5);
    return inRun.at(-1)!.time + 1600;
  });
}

async function backoffGaps(
  overrides: Parameters<typeof createTraceHarness>[1],
  runs: number,
  durationMs: number,
) {
  // Inventory off, so that its runs on the same queue cannot delay the main work.
  const harness = createTraceHarness(NOOP_UPDATE, {
    ...overrides,
    inventoryDisabled: true,
  });
  harness.api.refuse = true;
  harness.device.powerOn();
  await harness.kernel.runUntil(durationMs);
  const starts = runStarts(harness);
  const ends = runEnds(harness, starts.slice(0, runs), starts);
  return starts.slice(1, runs + 1).map((start, index) => (start - ends[index]!) / 1000);
}

describe('backoff', () => {
  it('waits 60, 120, 240, 480, 540, 540 s after refused runs with the defaults', async () => {
    const gaps = await backoffGaps(
      { retryBackoffSeconds: 60, retryMaxBackoffSeconds: 540 },
      6,
      2_600_000,
    );
    expect(gaps).toEqual([60, 120, 240, 480, 540, 540]);
  });

  it('waits 5, 10, 15, 15 s with the demo settings', async () => {
    expect(await backoffGaps(DEMO_INTERVALS, 4, 80_000)).toEqual([5, 10, 15, 15]);
  });

  it('waits exactly the Retry-After of a 429', async () => {
    const harness = createTraceHarness(NOOP_UPDATE, { inventoryDisabled: true });
    harness.api.nextOverride = emptyResponse(429, [['retry-after', '120']]);
    harness.device.powerOn();
    await harness.kernel.runUntil(300_000);
    const limited = httpRecords(harness).find(
      (record) => record.response?.status === 429,
    )!;
    const starts = runStarts(harness);
    expect(starts[1]! - limited.time).toBe(120_000);
  });
});

function zephyrHarness(failVerify = false) {
  return createTraceHarness(
    NOOP_UPDATE,
    {},
    {
      modules: [
        failVerify
          ? { kind: 'zephyr-image', failingCallbacks: ['VERIFY_REBOOT'] }
          : { kind: 'zephyr-image' },
      ],
      restart: 'reboot',
    },
  );
}

async function offerZephyrImage(harness: ReturnType<typeof zephyrHarness>, bytes = 3000) {
  harness.device.powerOn();
  await harness.kernel.runUntil(5_000);
  harness.api.offer('dep-1', 'rel-2', harness.artifact('zephyr-image', bytes), [
    'test-device',
  ]);
}

describe('power-cut-download', () => {
  it('downloads again from the start after power returns, and installs', async () => {
    const harness = zephyrHarness();
    await offerZephyrImage(harness, 200_000);
    let cutAt = 0;
    harness.kernel.trace.subscribe((record) => {
      const isArtifact =
        record.kind === 'http' && record.request.url.includes('s3.example');
      if (isArtifact && cutAt === 0) {
        cutAt = record.time;
        // Halfway through receiving 200 kB at 250 kB/s.
        harness.kernel.clock.setTimeout(() => {
          harness.device.powerOff('power cut mid-download');
          harness.kernel.clock.setTimeout(() => harness.device.powerOn(), 10_000);
        }, 400);
      }
    });
    await harness.kernel.runUntil(400_000);

    const gets = httpRecords(harness).filter((record) =>
      record.request.url.includes('s3'),
    );
    expect(gets).toHaveLength(2);
    expect(harness.api.statusesOf('dep-1')).toEqual([
      'downloading',
      'downloading',
      'installing',
      'rebooting',
      'installing',
      'success',
    ]);
    expect(harness.device.mcuboot.primary.name).toBe('rel-2');
    expect(harness.device.mcuboot.confirmed).toBe(true);
  });
});

describe('power-cut-install', () => {
  it('fails the deployment and keeps the old image confirmed', async () => {
    const harness = zephyrHarness();
    harness.device.cutPowerOnEnteringState('INSTALL', { offForMs: 10_000 });
    await offerZephyrImage(harness);
    await harness.kernel.runUntil(400_000);

    expect(harness.statesSince(5_000).slice(0, 9)).toEqual(
      'OP DL INST INIT INST FAIL CLN END OP'.split(' '),
    );
    expect(harness.api.statusesOf('dep-1')).toEqual(['downloading', 'failure']);
    expect(harness.device.mcuboot.primary.name).toBe('rel-1');
    expect(harness.device.mcuboot.confirmed).toBe(true);
    expect(harness.device.snapshot().storedUpdateState).toBeUndefined();
  });
});

describe('verify-fails', () => {
  it('rolls back through ROLLBACK_REBOOT to the old image and reports failure', async () => {
    const harness = zephyrHarness(true);
    await offerZephyrImage(harness);
    await harness.kernel.runUntil(400_000);

    const states = harness.statesSince(5_000);
    expect(states.slice(0, 13)).toEqual(
      'OP DL INST RB INIT VRB RBK RRB INIT RVR FAIL CLN END'.split(' '),
    );
    expect(harness.api.statusesOf('dep-1')).toEqual([
      'downloading',
      'installing',
      'rebooting',
      'failure',
    ]);
    expect(harness.device.mcuboot.primary.name).toBe('rel-1');
    expect(harness.device.mcuboot.confirmed).toBe(true);
  });
});

describe('power off while a request waits', () => {
  it('sends nothing more from the boot that lost power, even between transport retries', async () => {
    const harness = createTraceHarness(NOOP_UPDATE, { inventoryDisabled: true });
    harness.api.refuse = true;
    harness.device.powerOn();
    // The first run's check for a deployment is refused, and its retries wait 100, 200, 400 ms...
    await harness.kernel.runUntil(1_250);
    const sentBeforeCut = httpRecords(harness).length;
    expect(sentBeforeCut).toBeGreaterThan(0);
    expect(sentBeforeCut).toBeLessThan(5);
    harness.device.powerOff('power cut between retries');
    await harness.kernel.runUntil(60_000);
    expect(httpRecords(harness)).toHaveLength(sentBeforeCut);
  });
});
