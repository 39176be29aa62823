import { ApiError, badRequest, conflict, notFound } from '../http/errors.ts';
import type { ServerContext } from '../context.ts';
import type {
  ArtifactRecord,
  DeploymentRecord,
  DeviceDeploymentRecord,
  DeviceDeploymentStatus,
  LogMessageRecord,
  NextRequestRecord,
} from '../state.ts';
import type { ArtifactLinks, DownloadLink } from '../storage/links.ts';
import { sameConstructor, sameRequest, validateNewDeployment } from './rules.ts';
import {
  DEVICE_REPORTABLE_STATUSES,
  deploymentStatusFrom,
  emptyStats,
  isActive,
} from './statuses.ts';

/** What `next` answers with when there is something to install. */
export interface DeploymentInstructions {
  readonly id: string;
  readonly artifact: {
    readonly id: string;
    readonly artifact_name: string;
    readonly source: DownloadLink;
    readonly device_types_compatible: readonly string[];
  };
}

/** A request to create a deployment, as the management API takes it. */
export interface NewDeployment {
  readonly name: string;
  readonly artifactName: string;
  readonly devices?: readonly string[];
  readonly allDevices?: boolean;
  readonly group?: string;
  readonly forceInstallation?: boolean;
}

/** Who may be targeted: ids of accepted devices, optionally of one group. */
export type AcceptedDevices = (group?: string) => string[];

/**
 * Creation order of deployments (a device deployment carries its
 * deployment's). Virtual time never runs backwards, so the sequence orders
 * them as the real service's `created` timestamps do, without ties.
 */
const ORDER = (record: { readonly sequence: number }) => record.sequence;

/**
 * deployments: campaigns, device deployments and the rules that pick what a
 * device gets when it asks for its next update.
 */
export class Deployments {
  /** Active device deployment ids per device. */
  private readonly activeByDevice = new Map<string, Set<string>>();
  /** Order key of each device's latest finished device deployment. */
  private readonly latestInactive = new Map<string, number>();
  private readonly byDeploymentAndDevice = new Map<string, string>();
  /** Unfinished deployments, oldest first, and their targets. */
  private activeDeployments: DeploymentRecord[] = [];
  private readonly targets = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly context: ServerContext,
    private readonly links: ArtifactLinks,
  ) {
    for (const deployment of Object.values(context.state.deployments)) {
      this.targets.set(deployment.id, new Set(deployment.deviceIds));
      if (deployment.status !== 'finished') this.activeDeployments.push(deployment);
    }
    this.activeDeployments.sort((a, b) => ORDER(a) - ORDER(b));
    for (const record of Object.values(context.state.deviceDeployments))
      this.index(record);
  }

  private index(record: DeviceDeploymentRecord): void {
    this.byDeploymentAndDevice.set(pair(record.deploymentId, record.deviceId), record.id);
    const active = this.activeByDevice.get(record.deviceId);
    if (isActive(record.status)) {
      if (active === undefined)
        this.activeByDevice.set(record.deviceId, new Set([record.id]));
      else active.add(record.id);
      return;
    }
    active?.delete(record.id);
    if (active?.size === 0) this.activeByDevice.delete(record.deviceId);
    const order = ORDER(record);
    if (order > (this.latestInactive.get(record.deviceId) ?? -1)) {
      this.latestInactive.set(record.deviceId, order);
    }
  }

  /**
   * `POST /api/management/v1/deployments/deployments`. The deployment takes
   * every artifact of the release at creation, targets the listed devices
   * (or every accepted device, or a group's) and starts with all of them
   * counted as pending.
   */
  create(request: NewDeployment, accepted: AcceptedDevices): DeploymentRecord {
    validateNewDeployment(request);
    const { state, clock, ids } = this.context;
    const deviceIds =
      request.group !== undefined
        ? accepted(request.group)
        : request.allDevices === true
          ? accepted()
          : [...(request.devices ?? [])];
    if (deviceIds.length === 0) throw badRequest('no devices for the deployment');
    const artifactIds = this.artifactsOf(request.artifactName).map(
      (artifact) => artifact.id,
    );
    if (artifactIds.length === 0) {
      throw new ApiError(422, 'No artifact for the deployment');
    }
    if (this.activeDeployments.some((existing) => sameConstructor(existing, request))) {
      throw conflict('Deployment with the same name and devices already exists');
    }
    const stats = emptyStats();
    stats.pending = deviceIds.length;
    const deployment: DeploymentRecord = {
      id: ids.next(),
      name: request.name,
      artifactName: request.artifactName,
      artifactIds,
      deviceIds,
      allDevices: request.allDevices === true,
      ...(request.group !== undefined ? { group: request.group } : {}),
      forceInstallation: request.forceInstallation === true,
      createdAt: clock.now(),
      sequence: state.sequence++,
      status: 'pending',
      maxDevices: deviceIds.length,
      deviceCount: 0,
      totalSize: 0,
      stats,
    };
    state.deployments[deployment.id] = deployment;
    this.targets.set(deployment.id, new Set(deviceIds));
    this.activeDeployments.push(deployment);
    return deployment;
  }

  /** An artifact uploaded later with a release's name joins its unfinished deployments. */
  artifactAdded(artifact: ArtifactRecord): void {
    for (const deployment of this.activeDeployments) {
      if (deployment.artifactName === artifact.name)
        deployment.artifactIds.push(artifact.id);
    }
  }

  /**
   * Whether an unfinished deployment uses the artifact, or a device
   * deployment under way has it assigned (it may not be deleted then).
   */
  usesArtifact(artifactId: string): boolean {
    if (
      this.activeDeployments.some((deployment) =>
        deployment.artifactIds.includes(artifactId),
      )
    ) {
      return true;
    }
    const { deviceDeployments } = this.context.state;
    for (const active of this.activeByDevice.values()) {
      for (const id of active) {
        if (deviceDeployments[id]?.artifactId === artifactId) return true;
      }
    }
    return false;
  }

  private artifactsOf(name: string): ArtifactRecord[] {
    return Object.values(this.context.state.artifacts).filter(
      (artifact) => artifact.name === name,
    );
  }

  /**
   * The device asks what to install. Rules of `GetDeploymentForDeviceWithCurrent`:
   * continue its oldest active device deployment, else start the oldest
   * unfinished deployment newer than its latest finished one; keep the first
   * request and fail the device deployment with 409 on a different one;
   * assign the smallest artifact matching the device type once (none:
   * `noartifact`); report `already-installed` for a pending one whose artifact
   * name the device already runs, unless the deployment forces installation.
   * Null means 204.
   */
  next(deviceId: string, request: NextRequestRecord): DeploymentInstructions | null {
    const found = this.currentFor(deviceId);
    if (found === undefined) return null;
    const { deployment, deviceDeployment } = found;

    if (deviceDeployment.request === undefined) {
      deviceDeployment.request = request;
    } else if (!sameRequest(deviceDeployment.request, request)) {
      this.changeStatus(deviceDeployment, 'failure');
      throw conflict('Device provided conflicting request data');
    }

    let newlyAssigned = false;
    if (deviceDeployment.artifactId === undefined) {
      const artifact = this.pickArtifact(deployment, request.deviceType);
      if (artifact === undefined) {
        this.changeStatus(deviceDeployment, 'noartifact');
        return null;
      }
      deviceDeployment.artifactId = artifact.id;
      newlyAssigned = true;
    }
    const artifact = this.context.state.artifacts[deviceDeployment.artifactId];
    if (artifact === undefined) throw new ApiError(500, 'internal error');

    if (
      !deployment.forceInstallation &&
      deviceDeployment.status === 'pending' &&
      request.artifactName === artifact.name
    ) {
      this.changeStatus(deviceDeployment, 'already-installed');
      return null;
    }
    if (newlyAssigned) deployment.totalSize += artifact.size;
    return {
      id: deployment.id,
      artifact: {
        id: artifact.id,
        artifact_name: artifact.name,
        source: this.links.create(artifact),
        device_types_compatible: artifact.deviceTypesCompatible,
      },
    };
  }

  private currentFor(
    deviceId: string,
  ):
    | { deployment: DeploymentRecord; deviceDeployment: DeviceDeploymentRecord }
    | undefined {
    const { state } = this.context;
    const active = this.activeByDevice.get(deviceId);
    if (active !== undefined) {
      let oldest: DeviceDeploymentRecord | undefined;
      for (const id of active) {
        const candidate = state.deviceDeployments[id];
        if (
          candidate !== undefined &&
          (oldest === undefined || ORDER(candidate) < ORDER(oldest))
        ) {
          oldest = candidate;
        }
      }
      const deployment = oldest && state.deployments[oldest.deploymentId];
      if (oldest !== undefined && deployment !== undefined) {
        return { deployment, deviceDeployment: oldest };
      }
    }
    if (this.activeDeployments.length === 0) return undefined;
    const after = this.latestInactive.get(deviceId) ?? -1;
    for (const deployment of this.activeDeployments) {
      if (ORDER(deployment) <= after) continue;
      if (!this.targets.get(deployment.id)?.has(deviceId)) continue;
      if (deployment.deviceCount >= deployment.maxDevices) continue;
      return {
        deployment,
        deviceDeployment: this.startDeviceDeployment(deployment, deviceId),
      };
    }
    return undefined;
  }

  private startDeviceDeployment(
    deployment: DeploymentRecord,
    deviceId: string,
  ): DeviceDeploymentRecord {
    const { state, clock, ids } = this.context;
    const record: DeviceDeploymentRecord = {
      id: ids.next(),
      deploymentId: deployment.id,
      deviceId,
      status: 'pending',
      createdAt: deployment.createdAt,
      sequence: deployment.sequence,
      startedAt: clock.now(),
      logAvailable: false,
    };
    if (!this.byDeploymentAndDevice.has(pair(deployment.id, deviceId))) {
      deployment.deviceCount += 1;
    }
    state.deviceDeployments[record.id] = record;
    this.index(record);
    return record;
  }

  /** The smallest of the deployment's artifacts compatible with the device type. */
  private pickArtifact(
    deployment: DeploymentRecord,
    deviceType: string,
  ): ArtifactRecord | undefined {
    let best: ArtifactRecord | undefined;
    for (const id of deployment.artifactIds) {
      const artifact = this.context.state.artifacts[id];
      if (artifact === undefined || !artifact.deviceTypesCompatible.includes(deviceType))
        continue;
      if (best === undefined || artifact.size < best.size) best = artifact;
    }
    return best;
  }

  /**
   * `PUT .../device/deployments/{id}/status`. A report of the current status
   * changes nothing; once the server set `aborted` or `decommissioned` every
   * report is a 409, which mender-mcu takes as "abort and roll back".
   */
  reportStatus(
    deviceId: string,
    deploymentId: string,
    status: string,
    substate?: string,
  ): void {
    if (!DEVICE_REPORTABLE_STATUSES.has(status)) {
      throw badRequest(`status: must be a valid value.`);
    }
    const record = this.deviceDeployment(deploymentId, deviceId);
    if (record === undefined) throw notFound('Resource not found');
    if (record.status === 'aborted') throw conflict('Deployment aborted');
    if (record.status === 'decommissioned') throw conflict('Device decommissioned');
    if (record.status === status) return;
    if (substate !== undefined) record.substate = substate;
    this.changeStatus(record, status as DeviceDeploymentStatus);
  }

  /** `PUT .../device/deployments/{id}/log`: replaces the device's log for it. */
  saveLog(deviceId: string, deploymentId: string, messages: LogMessageRecord[]): void {
    const record = this.deviceDeployment(deploymentId, deviceId);
    if (record === undefined) throw notFound('Deployment not found');
    this.context.state.logs[record.id] = messages;
    record.logAvailable = true;
  }

  /**
   * `PUT .../deployments/{id}/status {"status":"aborted"}`: every device
   * deployment still under way becomes `aborted`, the counters are
   * recounted from the device deployments that exist (devices that never
   * asked are no longer counted as pending), and the deployment finishes.
   */
  abort(deploymentId: string): void {
    const { state, clock } = this.context;
    const deployment = state.deployments[deploymentId];
    if (deployment === undefined || deployment.status === 'finished') {
      throw new ApiError(422, 'Deployment already finished');
    }
    const now = clock.now();
    const stats = emptyStats();
    for (const record of this.deviceDeploymentsOf(deploymentId)) {
      if (isActive(record.status)) {
        record.status = 'aborted';
        record.finishedAt = now;
        this.index(record);
      }
      stats[record.status] += 1;
    }
    deployment.stats = stats;
    this.finish(deployment, now);
  }

  /** `DELETE .../deployments/devices/{id}`: aborts what this device has under way. */
  abortForDevice(deviceId: string): void {
    this.endActive(deviceId, 'aborted');
  }

  /** The decommissioning workflow marks the device's active device deployments. */
  deviceDecommissioned(deviceId: string): void {
    this.endActive(deviceId, 'decommissioned');
  }

  private endActive(deviceId: string, status: DeviceDeploymentStatus): void {
    const active = this.activeByDevice.get(deviceId);
    if (active === undefined) return;
    for (const id of [...active]) {
      const record = this.context.state.deviceDeployments[id];
      if (record !== undefined) this.changeStatus(record, status);
    }
  }

  /** Moves a device deployment to a new status and updates its deployment's counters. */
  private changeStatus(
    record: DeviceDeploymentRecord,
    status: DeviceDeploymentStatus,
  ): void {
    const { state, clock } = this.context;
    const old = record.status;
    if (old === status) return;
    const now = clock.now();
    record.status = status;
    if (!isActive(status)) record.finishedAt = now;
    this.index(record);
    const deployment = state.deployments[record.deploymentId];
    if (deployment === undefined) return;
    deployment.stats[old] -= 1;
    deployment.stats[status] += 1;
    const next = deploymentStatusFrom(deployment.stats, deployment.maxDevices, false);
    if (next === 'finished') this.finish(deployment, now);
    else deployment.status = next;
  }

  private finish(deployment: DeploymentRecord, now: number): void {
    deployment.status = 'finished';
    deployment.finishedAt ??= now;
    this.activeDeployments = this.activeDeployments.filter(
      (active) => active !== deployment,
    );
  }

  private deviceDeployment(
    deploymentId: string,
    deviceId: string,
  ): DeviceDeploymentRecord | undefined {
    const id = this.byDeploymentAndDevice.get(pair(deploymentId, deviceId));
    return id === undefined ? undefined : this.context.state.deviceDeployments[id];
  }

  /** The device deployments of one deployment, in the order they started. */
  deviceDeploymentsOf(deploymentId: string): DeviceDeploymentRecord[] {
    return Object.values(this.context.state.deviceDeployments).filter(
      (record) => record.deploymentId === deploymentId,
    );
  }

  /** The device deployments of one device, newest first. */
  deviceDeploymentsFor(deviceId: string): DeviceDeploymentRecord[] {
    return Object.values(this.context.state.deviceDeployments)
      .filter((record) => record.deviceId === deviceId)
      .sort((a, b) => ORDER(b) - ORDER(a));
  }

  /** The device's log for a deployment, if it uploaded one. */
  logOf(deploymentId: string, deviceId: string): LogMessageRecord[] | undefined {
    const record = this.deviceDeployment(deploymentId, deviceId);
    return record === undefined ? undefined : this.context.state.logs[record.id];
  }
}

function pair(deploymentId: string, deviceId: string): string {
  return `${deploymentId} ${deviceId}`;
}
