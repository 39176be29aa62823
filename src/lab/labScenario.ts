import type { ScenarioInput } from '../fleet/index.ts';
import { fleetSettings, type Lab, type LabFleet } from './labSchema.ts';
import { kconfigOptions } from './presets.ts';

/** The artifact every lab deployment installs. */
export const LAB_ARTIFACT_NAME = 'release-2';
export const LAB_DEPLOYMENT_NAME = 'lab deployment';
const DEVICE_TYPE = 'esp32s3_devkitc';

/** Records kept per device for inspection: the lab reads aggregates, not history. */
const HISTORY_PER_DEVICE = 8;

/** Ids of a fleet's devices, as the fleet names them. */
export function deviceIds(fleet: LabFleet, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${fleet.name}-${index + 1}`);
}

/** The exempt test devices of a fleet: its first `testDevices` devices. */
export function testDeviceIds(lab: Lab, fleet: LabFleet): string[] {
  return deviceIds(fleet, lab.devices).slice(0, lab.server.testDevices);
}

export function bootWindowSeconds(lab: Lab, fleet: LabFleet): number {
  return lab.bootWindow === 'first-poll-interval'
    ? fleetSettings(fleet).updatePollSeconds
    : lab.bootWindow;
}

/**
 * The scenario one fleet of the lab runs: every fleet gets the same seed,
 * device count, server and timeline, and only its Kconfig intervals differ.
 * Devices are preauthorized so that the run measures polling, not admission.
 */
export function fleetScenario(lab: Lab, fleet: LabFleet): ScenarioInput {
  const timeline: NonNullable<ScenarioInput['timeline']> = [];
  const { rateLimit, testDevices } = lab.server;
  if (rateLimit !== 'off') {
    timeline.push({
      atSeconds: 0,
      action: 'server.rate-limit',
      policy: rateLimit,
      ...(testDevices > 0 ? { exemptDevices: testDeviceIds(lab, fleet) } : {}),
    });
  }
  if (lab.deployment !== undefined) {
    timeline.push({
      atSeconds: lab.deployment.atSeconds,
      action: 'deployment.create',
      name: LAB_DEPLOYMENT_NAME,
      artifactName: LAB_ARTIFACT_NAME,
      devices: 'all',
    });
  }
  if (lab.outage !== undefined) {
    timeline.push({
      atSeconds: lab.outage.atSeconds,
      action: 'server.outage',
      durationSeconds: lab.outage.durationSeconds,
      kind: lab.outage.kind,
    });
  }
  return {
    format: 'mcu-fleet-simulator/scenario',
    version: 1,
    name: `${lab.name}: ${fleet.name}`,
    run: {
      seed: lab.seed,
      durationSeconds: lab.durationSeconds,
      historyPerDevice: HISTORY_PER_DEVICE,
    },
    server: {
      profile: lab.server.profile,
      preauthorize: 'all',
      artifacts:
        lab.deployment === undefined
          ? []
          : [
              {
                build: {
                  artifactName: LAB_ARTIFACT_NAME,
                  deviceTypes: [DEVICE_TYPE],
                  payloadBytes: lab.deployment.payloadBytes,
                },
              },
            ],
    },
    fleet: [
      {
        name: fleet.name,
        count: lab.devices,
        deviceType: DEVICE_TYPE,
        bootWindowSeconds: bootWindowSeconds(lab, fleet),
        kconfig: { options: kconfigOptions(fleetSettings(fleet)) },
      },
    ],
    timeline,
  };
}
