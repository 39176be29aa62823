import { writeArtifact } from '../../artifact/index.ts';
import { createInProcessTransport, SimulationKernel } from '../../sim/index.ts';
import {
  defaultClientSettings,
  INTEGRATION_TEST_OVERRIDES,
  type ClientSettings,
} from '../../machines/clientSettings.ts';
import {
  TRACE_ABBREVIATIONS,
  type ClientState,
  type UpdateState,
} from '../../machines/menderTypes.ts';
import { macAddressFor } from '../deviceIdentity.ts';
import type { ModuleDescription } from '../modules/describedModule.ts';
import {
  createSimulatedDevice,
  type SimulatedDeviceOptions,
} from '../simulatedDevice.ts';
import { FakeDeviceApi } from './fakeServer.ts';
import { unsignedIdentity } from './fakeIdentity.ts';

export const DEVICE_ID = 'dev-1';

/**
 * One device as the integration tests build it (poll 10 s, store limit 12,
 * `test-device`), against the fake API, with the harness that restarts the
 * process when it prints "Waiting for a reboot".
 */
export function createTraceHarness(
  module: ModuleDescription,
  overrides: Partial<ClientSettings> = {},
  deviceOptions: Partial<SimulatedDeviceOptions> = {},
  harnessRestartsOnWait = true,
) {
  const kernel = new SimulationKernel({ seed: 7 });
  const api = new FakeDeviceApi();
  const transport = createInProcessTransport(kernel, api.handle);
  const settings = defaultClientSettings({
    ...INTEGRATION_TEST_OVERRIDES,
    artifactName: 'rel-1',
    ...overrides,
  });
  const device = createSimulatedDevice({
    id: DEVICE_ID,
    kernel,
    transport,
    settings,
    identity: unsignedIdentity,
    identityPair: { name: 'mac', value: macAddressFor(1) },
    random: kernel.random.fork(DEVICE_ID),
    modules: [{ kind: 'described', description: module }],
    restart: 'log',
    ...deviceOptions,
  });
  kernel.trace.subscribe((record) => {
    if (
      harnessRestartsOnWait &&
      record.kind === 'log' &&
      record.message === 'Waiting for a reboot'
    ) {
      kernel.clock.setTimeout(() => device.reboot('test harness restart'), 0);
    }
  });

  const artifact = (payloadType = module.artifactType, payloadBytes = 3000) =>
    writeArtifact({
      artifactName: 'rel-2',
      payloadType,
      deviceTypes: [settings.deviceType],
      files: [{ name: 'payload.bin', data: new Uint8Array(payloadBytes).fill(7) }],
    });

  /** State names (abbreviated) recorded from `since` on. */
  const statesSince = (since: number): string[] =>
    kernel.trace
      .history(DEVICE_ID)
      .filter((record) => record.kind === 'state' && record.time >= since)
      .map((record) =>
        record.kind === 'state'
          ? TRACE_ABBREVIATIONS[record.state as ClientState | UpdateState]
          : '',
      );

  return { kernel, api, device, settings, artifact, statesSince };
}

/** Cuts a trace at the first OP after END, as the integration tests end. */
export function untilOperationalAfterEnd(states: readonly string[]): string[] {
  const end = states.indexOf('END');
  if (end < 0) return [...states];
  const next = states.indexOf('OP', end);
  return next < 0 ? [...states] : states.slice(0, next + 1);
}
