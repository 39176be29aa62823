import { describe, expect, it } from 'vitest';

import { writeArtifact } from '../artifact/index.ts';
import { macAddressFor } from '../devices/deviceIdentity.ts';
import { createNvsIdentity } from '../devices/identity/index.ts';
import {
  NOOP_UPDATE,
  testUpdateDescription,
  type ModuleDescription,
} from '../devices/modules/describedModule.ts';
import { createSimulatedDevice, type ModuleChoice } from '../devices/simulatedDevice.ts';
import {
  defaultClientSettings,
  INTEGRATION_TEST_OVERRIDES,
} from '../machines/clientSettings.ts';
import {
  TRACE_ABBREVIATIONS,
  type ClientState,
  type UpdateState,
} from '../machines/menderTypes.ts';
import { createMockServer } from '../server/index.ts';
import { createInProcessTransport, fromUtf8, SimulationKernel } from '../sim/index.ts';

/*
 * The integration tests' traces (reference §1.6) with the simulated client
 * against the mock server: the exact client and update states, and the
 * status PUTs the server answered. Settings as the integration tests build:
 * poll 10 s, store limit 12, device type `test-device`, `test-update`.
 */

const DEVICE = 'dev-1';

async function createSetup(module: ModuleChoice, restart: 'log' | 'reboot' = 'log') {
  const kernel = new SimulationKernel({ seed: 11 });
  const server = createMockServer({
    now: () => kernel.now(),
    random: kernel.random.fork('server'),
  });
  const transport = createInProcessTransport(kernel, server.routing);
  const settings = defaultClientSettings({
    ...INTEGRATION_TEST_OVERRIDES,
    artifactName: 'rel-1',
    tenantToken: server.tenantToken ?? '',
  });
  const random = kernel.random.fork(DEVICE);
  const device = createSimulatedDevice({
    id: DEVICE,
    kernel,
    transport,
    settings,
    identity: createNvsIdentity(DEVICE, random),
    identityPair: { name: 'mac', value: macAddressFor(1) },
    random,
    modules: [module],
    restart,
  });
  // The integration harness restarts the process when it sees this line.
  kernel.trace.subscribe((record) => {
    if (record.kind === 'log' && record.message === 'Waiting for a reboot') {
      kernel.clock.setTimeout(() => device.reboot('test harness restart'), 0);
    }
  });

  device.powerOn();
  await kernel.runUntil(2_000);
  const [pending] = server.listDevices();
  server.acceptDevice(pending!.id);
  await kernel.runUntil(30_000);

  const deploy = async (payloadType: string) => {
    await server.uploadArtifact(
      writeArtifact({
        artifactName: 'rel-2',
        payloadType,
        deviceTypes: ['test-device'],
        files: [{ name: 'payload.bin', data: new Uint8Array(20_000).fill(3) }],
      }),
    );
    const since = kernel.now();
    server.createDeployment({
      name: 'rel-2',
      artifactName: 'rel-2',
      devices: [pending!.id],
    });
    return since;
  };

  const statesSince = (since: number) =>
    kernel.trace
      .history(DEVICE)
      .flatMap((record) =>
        record.kind === 'state' && record.time >= since
          ? [TRACE_ABBREVIATIONS[record.state as ClientState | UpdateState]]
          : [],
      );

  /** The statuses the server answered with 204 or 409. */
  const statuses = () =>
    kernel.trace.history(DEVICE).flatMap((record) => {
      if (record.kind !== 'http' || !record.request.url.endsWith('/status')) return [];
      if (record.response === undefined) return [];
      return [(JSON.parse(fromUtf8(record.request.body)) as { status: string }).status];
    });

  return { kernel, server, device, deploy, statesSince, statuses };
}

function untilOperationalAfterEnd(states: string[]): string[] {
  const end = states.indexOf('END');
  const next = states.indexOf('OP', end);
  return end < 0 || next < 0 ? states : states.slice(0, next + 1);
}

async function traceOf(
  description: ModuleDescription,
  prepare?: (setup: Awaited<ReturnType<typeof createSetup>>) => void,
) {
  const setup = await createSetup({ kind: 'described', description });
  prepare?.(setup);
  const since = await setup.deploy(description.artifactType);
  await setup.kernel.runUntil(since + 400_000);
  return {
    states: untilOperationalAfterEnd(setup.statesSince(since)),
    statuses: setup.statuses(),
  };
}

const rebooting = (
  behaviour: Parameters<typeof testUpdateDescription>[0]['behaviour'] = {},
) => testUpdateDescription({ requiresReboot: true, supportsRollback: true, behaviour });

describe('reference traces against the mock server', () => {
  it('success_no_reboot', async () => {
    const { states, statuses } = await traceOf(
      testUpdateDescription({ requiresReboot: false, supportsRollback: false }),
    );
    expect(states).toEqual('OP DL INST COM CLN END OP'.split(' '));
    expect(statuses).toEqual(['downloading', 'installing', 'installing', 'success']);
  });

  it('success_reboot', async () => {
    const { states, statuses } = await traceOf(rebooting());
    expect(states).toEqual('OP DL INST RB PR INIT VRB COM CLN END OP'.split(' '));
    expect(statuses).toEqual([
      'downloading',
      'installing',
      'rebooting',
      'installing',
      'success',
    ]);
  });

  it('fail_verify_reboot', async () => {
    const { states, statuses } = await traceOf(
      rebooting({ VERIFY_REBOOT: { result: 'fail' } }),
    );
    expect(states).toEqual(
      'OP DL INST RB PR INIT VRB RBK RRB PR INIT RVR FAIL CLN END OP'.split(' '),
    );
    expect(statuses).toEqual(['downloading', 'installing', 'rebooting', 'failure']);
  });

  it('fail_commit', async () => {
    const { states, statuses } = await traceOf(rebooting({ COMMIT: { result: 'fail' } }));
    expect(states).toEqual(
      'OP DL INST RB PR INIT VRB COM RBK RRB PR INIT RVR FAIL CLN END OP'.split(' '),
    );
    expect(statuses).toEqual([
      'downloading',
      'installing',
      'rebooting',
      'installing',
      'failure',
    ]);
  });

  it('fail_download', async () => {
    const { states, statuses } = await traceOf(
      rebooting({ DOWNLOAD: { result: 'fail' } }),
    );
    expect(states).toEqual('OP DL CLN END OP'.split(' '));
    expect(statuses).toEqual(['downloading', 'failure']);
  });

  it('fail_install', async () => {
    const { states, statuses } = await traceOf(
      rebooting({ INSTALL: { result: 'fail' } }),
    );
    expect(states).toEqual('OP DL INST FAIL CLN END OP'.split(' '));
    expect(statuses).toEqual(['downloading', 'installing', 'failure']);
  });

  it('noop_check_deployment', async () => {
    const setup = await createSetup({ kind: 'described', description: NOOP_UPDATE });
    const since = setup.kernel.now();
    await setup.kernel.runUntil(since + 35_000);
    expect(setup.statesSince(since).slice(0, 5)).toEqual('OP DL OP DL OP'.split(' '));
    expect(setup.statuses()).toEqual([]);
  });

  it('spontaneous_reboot_install', async () => {
    const { states, statuses } = await traceOf(rebooting(), ({ device }) =>
      device.cutPowerOnEnteringState('INSTALL', { offForMs: 0 }),
    );
    expect(states).toEqual('OP DL INST INIT INST FAIL CLN END OP'.split(' '));
    expect(statuses).toEqual(['downloading', 'failure']);
  });
});

describe('zephyr-image against the mock server', () => {
  it('power-cut-download: downloads again after power returns and ends on the new image', async () => {
    const setup = await createSetup({ kind: 'zephyr-image' }, 'reboot');
    let cut = false;
    setup.kernel.trace.subscribe((record) => {
      if (
        cut ||
        record.kind !== 'http' ||
        !record.request.url.startsWith(setup.server.storageOrigin)
      )
        return;
      if (record.request.method !== 'GET') return;
      cut = true;
      setup.kernel.clock.setTimeout(() => {
        setup.device.powerOff('power cut mid-download');
        setup.kernel.clock.setTimeout(() => setup.device.powerOn(), 10_000);
      }, 40);
    });
    const since = await setup.deploy('zephyr-image');
    await setup.kernel.runUntil(since + 400_000);
    expect(cut).toBe(true);
    expect(setup.statuses()).toEqual([
      'downloading',
      'downloading',
      'installing',
      'rebooting',
      'installing',
      'success',
    ]);
    expect(setup.device.mcuboot.primary.name).toBe('rel-2');
    expect(setup.device.mcuboot.confirmed).toBe(true);
  });

  it('power-cut-install: FAILURE, CLEANUP, the old image confirmed, failure reported', async () => {
    const setup = await createSetup({ kind: 'zephyr-image' }, 'reboot');
    setup.device.cutPowerOnEnteringState('INSTALL', { offForMs: 10_000 });
    const since = await setup.deploy('zephyr-image');
    await setup.kernel.runUntil(since + 400_000);
    expect(setup.statesSince(since).slice(0, 9)).toEqual(
      'OP DL INST INIT INST FAIL CLN END OP'.split(' '),
    );
    expect(setup.statuses()).toEqual(['downloading', 'failure']);
    expect(setup.device.mcuboot.primary.name).toBe('rel-1');
    expect(setup.device.mcuboot.confirmed).toBe(true);
  });

  it('verify-fails: ROLLBACK, ROLLBACK_REBOOT and a reboot back to the old image', async () => {
    const setup = await createSetup(
      { kind: 'zephyr-image', failingCallbacks: ['VERIFY_REBOOT'] },
      'reboot',
    );
    const since = await setup.deploy('zephyr-image');
    await setup.kernel.runUntil(since + 400_000);
    expect(untilOperationalAfterEnd(setup.statesSince(since))).toEqual(
      'OP DL INST RB INIT VRB RBK RRB INIT RVR FAIL CLN END OP'.split(' '),
    );
    expect(setup.statuses()).toEqual([
      'downloading',
      'installing',
      'rebooting',
      'failure',
    ]);
    expect(setup.device.mcuboot.primary.name).toBe('rel-1');
    expect(setup.device.mcuboot.confirmed).toBe(true);
  });
});
