import { describe, expect, it } from 'vitest';

import { testUpdateDescription } from './modules/describedModule.ts';
import { DEVICE_ID, createTraceHarness } from './testing/traceHarness.ts';

async function deploy(harness: ReturnType<typeof createTraceHarness>, untilMs: number) {
  harness.device.powerOn();
  await harness.kernel.runUntil(5_000);
  harness.api.offer('dep-1', 'rel-2', harness.artifact(), ['test-device']);
  await harness.kernel.runUntil(untilMs);
}

describe('store-count loop guard', () => {
  it('ends a ROLLBACK_REBOOT / ROLLBACK_VERIFY_REBOOT loop in FAILURE, unannounced', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({
        requiresReboot: true,
        supportsRollback: true,
        behaviour: {
          VERIFY_REBOOT: { result: 'fail' },
          ROLLBACK_REBOOT: { result: 'fail' },
          ROLLBACK_VERIFY_REBOOT: { result: 'fail' },
        },
      }),
    );
    await deploy(harness, 300_000);
    const states = harness.statesSince(5_000);
    const end = states.indexOf('END');
    expect(end).toBeGreaterThan(0);
    // The loop alternates RRB and RVR until the count of 12 stores is reached.
    const loop = states.slice(states.indexOf('RRB'), states.indexOf('CLN'));
    expect(loop.every((state) => state === 'RRB' || state === 'RVR')).toBe(true);
    expect(loop.length).toBeGreaterThan(4);
    expect(harness.api.statusesOf('dep-1').at(-1)).toBe('failure');
    const failureEntries = harness.kernel.trace
      .history(DEVICE_ID)
      .filter(
        (record) => record.kind === 'log' && record.message === 'Entering state FAILURE',
      );
    expect(failureEntries).toHaveLength(0);
  });
});

describe('PENDING_REBOOT', () => {
  it('reboots the device itself after more than MENDER_ERRORS_THRESHOLD_REBOOT waits', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({ requiresReboot: true, supportsRollback: true }),
      {},
      {},
      false,
    );
    await deploy(harness, 300_000);
    const states = harness.statesSince(5_000);
    const firstWait = states.indexOf('PR');
    expect(states.slice(firstWait, firstWait + 7)).toEqual([
      'PR',
      'PR',
      'PR',
      'PR',
      'PR',
      'PR',
      'INIT',
    ]);
    expect(harness.api.statusesOf('dep-1').at(-1)).toBe('success');
  });
});

describe('spontaneous reboot in COMMIT', () => {
  it('resumes into ROLLBACK', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({ requiresReboot: false, supportsRollback: false }),
    );
    harness.device.cutPowerOnEnteringState('COMMIT', { offForMs: 0 });
    await deploy(harness, 200_000);
    expect(harness.statesSince(5_000).slice(0, 10)).toEqual(
      'OP DL INST COM INIT COM RBK FAIL CLN END'.split(' '),
    );
  });
});
