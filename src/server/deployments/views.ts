import type { ServerClock } from '../time.ts';
import type {
  ArtifactRecord,
  DeploymentRecord,
  DeviceDeploymentRecord,
  LogMessageRecord,
} from '../state.ts';

/** An artifact as `GET .../artifacts/{id}` shows it (ArtifactV1). */
export function artifactView(artifact: ArtifactRecord, clock: ServerClock) {
  return {
    id: artifact.id,
    name: artifact.name,
    description: artifact.description,
    device_types_compatible: artifact.deviceTypesCompatible,
    info: { format: artifact.format, version: artifact.version },
    signed: artifact.signed,
    updates: artifact.updates.map((update) => ({
      type_info: { type: update.type },
      files: update.files.map((file) => ({
        name: file.name,
        checksum: file.checksum,
        size: file.size,
        date: clock.format(artifact.modifiedAt),
      })),
      meta_data: update.metaData,
    })),
    artifact_provides: artifact.provides,
    artifact_depends: artifact.depends,
    clears_artifact_provides: artifact.clearsProvides,
    size: artifact.size,
    modified: clock.format(artifact.modifiedAt),
  };
}

/** A deployment as the management API shows it (DeploymentV1). */
export function deploymentView(deployment: DeploymentRecord, clock: ServerClock) {
  return {
    name: deployment.name,
    artifact_name: deployment.artifactName,
    ...(deployment.allDevices ? { all_devices: true } : {}),
    ...(deployment.forceInstallation ? { force_installation: true } : {}),
    created: clock.format(deployment.createdAt),
    ...(deployment.finishedAt !== undefined
      ? { finished: clock.format(deployment.finishedAt) }
      : {}),
    id: deployment.id,
    artifacts: deployment.artifactIds,
    statistics: { status: deployment.stats, total_size: deployment.totalSize },
    status: deployment.status,
    device_count: deployment.deviceCount,
    max_devices: deployment.maxDevices,
    ...(deployment.group !== undefined ? { groups: [deployment.group] } : {}),
    type: 'software',
  };
}

/** A device's part in a deployment (DeviceWithImage). */
export function deviceDeploymentView(
  record: DeviceDeploymentRecord,
  artifact: ArtifactRecord | undefined,
  clock: ServerClock,
) {
  return {
    id: record.deviceId,
    status: record.status,
    created: clock.format(record.createdAt),
    started: clock.format(record.startedAt),
    ...(record.finishedAt !== undefined
      ? { finished: clock.format(record.finishedAt) }
      : {}),
    ...(record.request !== undefined ? { device_type: record.request.deviceType } : {}),
    log: record.logAvailable,
    ...(record.substate !== undefined ? { substate: record.substate } : {}),
    ...(artifact !== undefined
      ? {
          image: {
            id: artifact.id,
            meta_artifact: artifactView(artifact, clock),
            size: artifact.size,
            modified: clock.format(artifact.modifiedAt),
          },
        }
      : {}),
  };
}

/** A device's deployment history entry (`GET .../deployments/devices/{id}`). */
export function deviceHistoryView(
  record: DeviceDeploymentRecord,
  deployment: DeploymentRecord | undefined,
  artifact: ArtifactRecord | undefined,
  clock: ServerClock,
) {
  return {
    id: record.id,
    deployment:
      deployment === undefined
        ? { id: record.deploymentId }
        : {
            id: deployment.id,
            name: deployment.name,
            artifact_name: deployment.artifactName,
            status: deployment.status,
            created: clock.format(deployment.createdAt),
            device_count: deployment.deviceCount,
          },
    device: deviceDeploymentView(record, artifact, clock),
  };
}

/**
 * The deployment log as text, one message a line, as the management API
 * returns it (`text/plain`).
 */
export function logText(messages: readonly LogMessageRecord[]): string {
  return messages
    .map((message) => `${message.timestamp} ${message.level}: ${message.message}\n`)
    .join('');
}
