import { describe, expect, it } from 'vitest';

import { testUpdateDescription, NOOP_UPDATE } from './modules/describedModule.ts';
import { createTraceHarness, untilOperationalAfterEnd } from './testing/traceHarness.ts';

/*
 * The integration tests' traces (reference §1.6) against the fake device
 * API. The same cases against the mock server live in src/fleet.
 */

const START = 5_000;

async function runDeployment(
  harness: ReturnType<typeof createTraceHarness>,
  payloadType?: string,
) {
  harness.device.powerOn();
  await harness.kernel.runUntil(START);
  harness.api.offer('dep-1', 'rel-2', harness.artifact(payloadType), ['test-device']);
  await harness.kernel.runUntil(START + 300_000);
  return untilOperationalAfterEnd(harness.statesSince(START));
}

describe('client traces against a fake API', () => {
  it('success_no_reboot', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({ requiresReboot: false, supportsRollback: false }),
    );
    expect(await runDeployment(harness)).toEqual([
      'OP',
      'DL',
      'INST',
      'COM',
      'CLN',
      'END',
      'OP',
    ]);
    expect(harness.api.statusesOf('dep-1')).toEqual([
      'downloading',
      'installing',
      'installing',
      'success',
    ]);
  });

  it('success_reboot', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({ requiresReboot: true, supportsRollback: true }),
    );
    expect(await runDeployment(harness)).toEqual(
      'OP DL INST RB PR INIT VRB COM CLN END OP'.split(' '),
    );
    expect(harness.api.statusesOf('dep-1')).toEqual([
      'downloading',
      'installing',
      'rebooting',
      'installing',
      'success',
    ]);
  });

  it('fail_verify_reboot', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({
        requiresReboot: true,
        supportsRollback: true,
        behaviour: { VERIFY_REBOOT: { result: 'fail' } },
      }),
    );
    expect(await runDeployment(harness)).toEqual(
      'OP DL INST RB PR INIT VRB RBK RRB PR INIT RVR FAIL CLN END OP'.split(' '),
    );
    expect(harness.api.statusesOf('dep-1')).toEqual([
      'downloading',
      'installing',
      'rebooting',
      'failure',
    ]);
  });

  it('fail_commit', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({
        requiresReboot: true,
        supportsRollback: true,
        behaviour: { COMMIT: { result: 'fail' } },
      }),
    );
    expect(await runDeployment(harness)).toEqual(
      'OP DL INST RB PR INIT VRB COM RBK RRB PR INIT RVR FAIL CLN END OP'.split(' '),
    );
    expect(harness.api.statusesOf('dep-1').at(-1)).toBe('failure');
  });

  it('fail_download', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({
        requiresReboot: true,
        supportsRollback: true,
        behaviour: { DOWNLOAD: { result: 'fail' } },
      }),
    );
    expect(await runDeployment(harness)).toEqual(['OP', 'DL', 'CLN', 'END', 'OP']);
    expect(harness.api.statusesOf('dep-1')).toEqual(['downloading', 'failure']);
  });

  it('fail_install', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({
        requiresReboot: true,
        supportsRollback: true,
        behaviour: { INSTALL: { result: 'fail' } },
      }),
    );
    expect(await runDeployment(harness)).toEqual('OP DL INST FAIL CLN END OP'.split(' '));
    expect(harness.api.statusesOf('dep-1')).toEqual([
      'downloading',
      'installing',
      'failure',
    ]);
  });

  it('noop_check_deployment', async () => {
    const harness = createTraceHarness(NOOP_UPDATE);
    harness.device.powerOn();
    await harness.kernel.runUntil(START);
    await harness.kernel.runUntil(START + 35_000);
    expect(harness.statesSince(START).slice(0, 5)).toEqual([
      'OP',
      'DL',
      'OP',
      'DL',
      'OP',
    ]);
  });

  it('spontaneous_reboot_install', async () => {
    const harness = createTraceHarness(
      testUpdateDescription({ requiresReboot: true, supportsRollback: true }),
    );
    harness.device.cutPowerOnEnteringState('INSTALL', { offForMs: 0 });
    expect(await runDeployment(harness)).toEqual(
      'OP DL INST INIT INST FAIL CLN END OP'.split(' '),
    );
    expect(harness.api.statusesOf('dep-1').at(-1)).toBe('failure');
  });
});
