import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { writeArtifact } from '../artifact/index.ts';
import { validateScenario } from './scenarioFile.ts';
import { userActionSchema, type ScenarioInput } from './scenarioSchema.ts';
import { Simulation } from './simulation.ts';

const FIXTURE = '../shared/fixtures/artifacts/gen-zephyr-image-esp32-none.mender';

/** The fixture, or an artifact the writer makes with the same name and device type. */
function esp32Artifact(): Uint8Array {
  if (existsSync(FIXTURE)) return new Uint8Array(readFileSync(FIXTURE));
  return writeArtifact({
    artifactName: 'esp32-fw-1.0.0',
    payloadType: 'zephyr-image',
    deviceTypes: ['esp32'],
    files: [{ name: 'zephyr.signed.bin', data: new Uint8Array(4096).fill(7) }],
  });
}

const pendingFleet: ScenarioInput = {
  format: 'mcu-fleet-simulator/scenario',
  version: 1,
  name: 'pending fleet',
  run: { seed: 5, durationSeconds: 900 },
  fleet: [
    {
      name: 'esp32',
      count: 5,
      deviceType: 'esp32',
      bootWindowSeconds: 10,
      kconfig: {
        options: {
          MENDER_CLIENT_UPDATE_POLL_INTERVAL: 30,
          MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL: 60,
          MENDER_RETRY_ERROR_BACKOFF: 5,
          MENDER_RETRY_ERROR_MAX_BACKOFF: 15,
        },
      },
    },
  ],
};

const DEVAUTH = '/api/management/v2/devauth';
const DEPLOYMENTS = '/api/management/v1/deployments';

interface DeviceBody {
  id: string;
  auth_sets: { id: string; status: string }[];
}

/** Performs a request and runs the clock until its answer has arrived. */
async function request(simulation: Simulation, action: Record<string, unknown>) {
  const before = simulation.management.log.length;
  simulation.perform(userActionSchema.parse({ action: 'management.request', ...action }));
  await simulation.kernel.runUntil(simulation.kernel.now() + 1000);
  expect(simulation.management.log.length).toBe(before + 1);
  return simulation.management.log.at(-1)!;
}

async function mainJob(simulation: Simulation) {
  simulation.start();
  await simulation.kernel.runUntil(40_000);

  const pending = await request(simulation, {
    method: 'GET',
    path: `${DEVAUTH}/devices?status=pending`,
  });
  expect(pending.status).toBe(200);
  const devices = pending.body as DeviceBody[];
  expect(devices).toHaveLength(5);
  for (const device of devices) {
    const accepted = await request(simulation, {
      method: 'PUT',
      path: `${DEVAUTH}/devices/${device.id}/auth/${device.auth_sets[0]!.id}/status`,
      body: { status: 'accepted' },
    });
    expect(accepted.status).toBe(204);
  }

  const file = simulation.files.add(
    'gen-zephyr-image-esp32-none.mender',
    esp32Artifact(),
  );
  const upload = await request(simulation, {
    method: 'POST',
    path: `${DEPLOYMENTS}/artifacts`,
    upload: { sha256: file.sha256, description: 'from the admin panel' },
  });
  expect(upload.status).toBe(201);
  const artifacts = await request(simulation, {
    method: 'GET',
    path: `${DEPLOYMENTS}/artifacts`,
  });
  const [artifact] = artifacts.body as {
    name: string;
    description: string;
    device_types_compatible: string[];
  }[];
  expect(artifact).toMatchObject({
    name: 'esp32-fw-1.0.0',
    description: 'from the admin panel',
    device_types_compatible: ['esp32'],
  });

  // Devices must have authenticated before an "all devices" deployment counts them.
  await simulation.kernel.runUntil(simulation.kernel.now() + 30_000);
  const created = await request(simulation, {
    method: 'POST',
    path: `${DEPLOYMENTS}/deployments`,
    body: { name: 'esp32 to 1.0.0', artifact_name: 'esp32-fw-1.0.0', all_devices: true },
  });
  expect(created.status).toBe(201);
  const deploymentPath = new URL(created.location!, 'https://x').pathname;
  await simulation.kernel.runUntil(simulation.kernel.now() + 300_000);
  return request(simulation, { method: 'GET', path: `${deploymentPath}/statistics` });
}

describe('management.request', () => {
  it('runs the main job through the management API: accept, upload, deploy, 5 success', async () => {
    const simulation = new Simulation(validateScenario(pendingFleet, 'test'));
    const statistics = await mainJob(simulation);
    expect(statistics.status).toBe(200);
    expect(statistics.body).toMatchObject({ success: 5, failure: 0, pending: 0 });
    for (const [, { device }] of simulation.fleet) {
      expect(device.snapshot()).toMatchObject({
        image: 'esp32-fw-1.0.0',
        imageConfirmed: true,
      });
    }

    // The admin's exchanges are in the trace with the admin as subject.
    const adminExchanges = simulation.kernel.trace
      .history('admin')
      .filter((record) => record.kind === 'http');
    expect(adminExchanges.length).toBe(simulation.management.log.length);

    // A replay of the recorded actions, with the file table, gives the same trace.
    const replayed = new Simulation(validateScenario(pendingFleet, 'test'), {
      files: simulation.files,
    });
    await replayed.replay(simulation.recordedActions);
    await replayed.kernel.runUntil(simulation.kernel.now());
    expect(replayed.kernel.trace.digest()).toBe(simulation.kernel.trace.digest());
  });

  it('refuses an upload whose file is not in the file table, and sends nothing', async () => {
    const simulation = new Simulation(validateScenario(pendingFleet, 'test'));
    simulation.start();
    simulation.perform(
      userActionSchema.parse({
        action: 'management.request',
        method: 'POST',
        path: `${DEPLOYMENTS}/artifacts`,
        upload: { sha256: 'ab'.repeat(32) },
      }),
    );
    await simulation.kernel.runUntil(1000);
    expect(simulation.management.log).toHaveLength(0);
    const action = simulation.kernel.trace
      .history('fleet')
      .find((record) => record.kind === 'action');
    expect(action).toMatchObject({
      action: 'management.request',
      detail: { refused: expect.stringContaining('file table does not hold') },
    });
  });

  it('answers a request the server refuses with its status and message', async () => {
    const simulation = new Simulation(validateScenario(pendingFleet, 'test'));
    simulation.start();
    const refused = await request(simulation, {
      method: 'POST',
      path: `${DEPLOYMENTS}/deployments`,
      body: { name: 'x', artifact_name: 'nothing-uploaded', all_devices: true },
    });
    // No device is accepted yet, so "all devices" targets none: deployments says 400.
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: expect.stringContaining('devices') });
  });

  it('accepts only management API paths', () => {
    const parsed = userActionSchema.safeParse({
      action: 'management.request',
      method: 'GET',
      path: '/api/devices/v1/deployments/device/deployments/next',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('management API path');
  });
});
