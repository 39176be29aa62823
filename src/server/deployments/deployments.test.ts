import { describe, expect, it } from 'vitest';

import { SeededRandom, type HttpResponse } from '../../sim/index.ts';
import { createMockServer, type MockServer } from '../mockServer.ts';
import { API, json, TestDevice, uploadArtifact } from '../testing/testDevice.ts';
import type { DeploymentInstructions } from './deployments.ts';

function setup(clock = { now: 0 }) {
  const server = createMockServer({ now: () => clock.now, random: new SeededRandom(11) });
  return { server, clock };
}

async function admitted(
  server: MockServer,
  mac: string,
  options: Partial<ConstructorParameters<typeof TestDevice>[1]> = {},
) {
  const device = new TestDevice(server, { mac, ...options });
  await device.admit();
  return device;
}

function instructions(response: HttpResponse): DeploymentInstructions {
  expect(response.status).toBe(200);
  return json(response) as DeploymentInstructions;
}

describe('deployments', () => {
  it('hands out the release matching the device type, with a link on the storage host', async () => {
    const { server } = setup();
    const { artifact } = await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = await admitted(server, '02:00:00:00:01:01');
    const deploymentId = server.createDeployment({
      name: 'rollout',
      artifactName: 'release-2',
      devices: [device.id],
    });
    expect(server.deployment(deploymentId)?.stats.pending).toBe(1);

    const answer = instructions(await device.nextV2());
    expect(answer.id).toBe(deploymentId);
    expect(answer.artifact.id).toBe(artifact.id);
    expect(answer.artifact.artifact_name).toBe('release-2');
    expect(answer.artifact.device_types_compatible).toEqual(['esp32s3']);
    expect(answer.artifact.source.uri.startsWith(server.storageOrigin)).toBe(true);
    expect(answer.artifact.source.expire).toBe('2026-01-02T00:00:00Z');
    // The same instructions on a repeated poll while the update is under way.
    expect(instructions(await device.nextV2()).artifact.id).toBe(artifact.id);
  });

  it('already-installed', async () => {
    const { server } = setup();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const current = await admitted(server, '02:00:00:00:02:01', {
      artifactName: 'release-2',
    });
    const deploymentId = server.createDeployment({
      name: 'same version',
      artifactName: 'release-2',
      devices: [current.id],
    });
    const response = await current.nextV2();
    expect(response.status).toBe(204);
    expect(server.deviceDeployment(deploymentId, current.id)?.status).toBe(
      'already-installed',
    );
    expect(server.deployment(deploymentId)?.stats).toMatchObject({
      'already-installed': 1,
      pending: 0,
    });
    expect(server.deployment(deploymentId)?.status).toBe('finished');

    const forced = await admitted(server, '02:00:00:00:02:02', {
      artifactName: 'release-2',
    });
    const forcedId = server.createDeployment({
      name: 'forced',
      artifactName: 'release-2',
      devices: [forced.id],
      forceInstallation: true,
    });
    expect(instructions(await forced.nextV2()).id).toBe(forcedId);
    expect(server.deviceDeployment(forcedId, forced.id)?.status).toBe('pending');
  });

  it('noartifact', async () => {
    const { server } = setup();
    await uploadArtifact(server, 'release-2', ['nrf52840dk']);
    const device = await admitted(server, '02:00:00:00:03:01');
    const deploymentId = server.createDeployment({
      name: 'wrong board',
      artifactName: 'release-2',
      devices: [device.id],
    });
    expect((await device.nextV2()).status).toBe(204);
    expect(server.deviceDeployment(deploymentId, device.id)?.status).toBe('noartifact');
    expect(server.deployment(deploymentId)?.stats).toMatchObject({
      noartifact: 1,
      pending: 0,
    });
    expect((await device.nextV2()).status).toBe(204);
  });

  it('abort-during-download', async () => {
    const { server } = setup();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const downloading = await admitted(server, '02:00:00:00:04:01');
    const neverAsked = await admitted(server, '02:00:00:00:04:02');
    const deploymentId = server.createDeployment({
      name: 'to abort',
      artifactName: 'release-2',
      devices: [downloading.id, neverAsked.id],
    });
    instructions(await downloading.nextV2());
    expect((await downloading.status(deploymentId, 'downloading')).status).toBe(204);
    expect(server.deployment(deploymentId)?.status).toBe('inprogress');

    server.abortDeployment(deploymentId);

    const afterAbort = await downloading.status(deploymentId, 'installing');
    expect(afterAbort.status).toBe(409);
    expect(json(afterAbort)).toMatchObject({ error: 'Deployment aborted' });
    expect((await downloading.status(deploymentId, 'failure')).status).toBe(409);
    const deployment = server.deployment(deploymentId);
    expect(deployment?.status).toBe('finished');
    // Recounted from the device deployments: the device that never asked is not pending.
    expect(deployment?.stats).toMatchObject({ aborted: 1, downloading: 0, pending: 0 });
    expect((await neverAsked.nextV2()).status).toBe(204);
  });

  it('next-conflict', async () => {
    const { server } = setup();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = await admitted(server, '02:00:00:00:05:01');
    const deploymentId = server.createDeployment({
      name: 'conflict',
      artifactName: 'release-2',
      devices: [device.id],
    });
    instructions(await device.nextV2('release-1'));
    await device.status(deploymentId, 'downloading');
    const conflicting = await device.nextV2('release-0');
    expect(conflicting.status).toBe(409);
    expect(json(conflicting)).toMatchObject({
      error: 'Device provided conflicting request data',
    });
    expect(server.deviceDeployment(deploymentId, device.id)?.status).toBe('failure');
    expect(server.deployment(deploymentId)?.stats).toMatchObject({
      failure: 1,
      downloading: 0,
    });
  });

  it('never applies an older deployment after a newer one finished', async () => {
    const { server, clock } = setup();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    await uploadArtifact(server, 'release-3', ['esp32s3']);
    const device = await admitted(server, '02:00:00:00:06:01');
    const other = await admitted(server, '02:00:00:00:06:02');
    const older = server.createDeployment({
      name: 'older',
      artifactName: 'release-2',
      devices: [device.id, other.id],
    });
    clock.now += 1000;
    const newer = server.createDeployment({
      name: 'newer',
      artifactName: 'release-3',
      devices: [device.id],
    });
    // Oldest active first.
    expect(instructions(await device.nextV2()).id).toBe(older);
    await device.status(older, 'success');
    device.artifactName = 'release-2';
    expect(instructions(await device.nextV2()).id).toBe(newer);
    await device.status(newer, 'success');
    device.artifactName = 'release-3';
    expect((await device.nextV2()).status).toBe(204);
    expect(server.deployment(older)?.status).toBe('inprogress');
  });

  it('refuses status values a device may not send, and unknown deployments', async () => {
    const { server } = setup();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = await admitted(server, '02:00:00:00:07:01');
    const id = server.createDeployment({
      name: 'd',
      artifactName: 'release-2',
      devices: [device.id],
    });
    instructions(await device.nextV1());
    for (const status of [
      'pending',
      'aborted',
      'noartifact',
      'decommissioned',
      'bogus',
    ]) {
      expect((await device.status(id, status)).status).toBe(400);
    }
    expect((await device.status(id, 'downloading')).status).toBe(204);
    expect((await device.status(id, 'downloading')).status).toBe(204);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await device.status(unknown, 'downloading')).status).toBe(404);
    expect(
      (
        await device.call(
          'PUT',
          `/api/devices/v1/deployments/device/deployments/${id}/status`,
          ['x'],
        )
      ).status,
    ).toBe(400);
  });

  it('answers 409 to a decommissioned device deployment and 422 for an unknown release', async () => {
    const { server } = setup();
    expect(() =>
      server.createDeployment({ name: 'x', artifactName: 'nothing', allDevices: true }),
    ).toThrow();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = await admitted(server, '02:00:00:00:08:01');
    expect(() =>
      server.createDeployment({ name: 'x', artifactName: 'nothing', allDevices: true }),
    ).toThrow('No artifact for the deployment');
    const id = server.createDeployment({
      name: 'all',
      artifactName: 'release-2',
      allDevices: true,
    });
    instructions(await device.nextV2());
    server.decommissionDevice(device.id);
    expect(server.listDeployments()[0]?.stats.decommissioned).toBe(1);
    expect(server.deployment(id)?.status).toBe('finished');
  });

  it('keeps the log a device uploads after a failure and serves it as text', async () => {
    const { server } = setup();
    await uploadArtifact(server, 'release-2', ['esp32s3']);
    const device = await admitted(server, '02:00:00:00:09:01');
    const id = server.createDeployment({
      name: 'log',
      artifactName: 'release-2',
      devices: [device.id],
    });
    instructions(await device.nextV2());
    await device.status(id, 'failure');
    const logPath = `/api/devices/v1/deployments/device/deployments/${id}/log`;
    const messages = [
      { timestamp: '2026-01-01T00:00:05Z', level: 'err', message: 'download failed' },
      { timestamp: '2026-01-01T00:00:06Z', level: 'wrn', message: 'rolling back' },
    ];
    expect((await device.call('PUT', logPath, { messages })).status).toBe(204);
    // mender-mcu may send a null timestamp; the real server refuses that message.
    const nullTimestamp = [{ timestamp: null, level: 'err', message: 'x' }];
    expect((await device.call('PUT', logPath, { messages: nullTimestamp })).status).toBe(
      400,
    );

    const response = await server.routing({
      method: 'GET',
      url: `${API}/api/management/v1/deployments/deployments/${id}/devices/${device.id}/log`,
      headers: [['Authorization', `Bearer ${server.managementToken}`]],
      body: new Uint8Array(0),
    });
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(response.body)).toBe(
      '2026-01-01T00:00:05Z err: download failed\n2026-01-01T00:00:06Z wrn: rolling back\n',
    );
  });
});
