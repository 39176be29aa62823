import { normalizeIdentity } from './deviceauth/authRequest.ts';
import { parseDevicePublicKey } from './crypto/publicKeys.ts';
import type { NewDeployment } from './deployments/deployments.ts';
import { badRequest, notFound } from './http/errors.ts';
import {
  checkFaultPolicy,
  checkRateLimitPolicy,
  type FaultPolicy,
  type RateLimitPolicy,
  type ServerPolicies,
} from './policies/policies.ts';
import type { Services } from './services.ts';
import type {
  ArtifactRecord,
  AuthSetRecord,
  DeploymentRecord,
  DeviceDeploymentRecord,
  DeviceRecord,
  InventoryAttribute,
} from './state.ts';

/** A device as deviceauth knows it, with its auth sets. */
export interface DeviceSummary extends Omit<DeviceRecord, 'authSetIds'> {
  readonly authSets: readonly AuthSetRecord[];
}

/** An artifact without its bytes. */
export type ArtifactSummary = Omit<ArtifactRecord, 'bytesBase64'>;

/**
 * The server's domain methods, for the scenario runner and tests: the same
 * operations the management API offers, with the same refusals (thrown as
 * `ApiError` with the real status and message). The admin panel uses HTTP.
 * Returned objects are copies.
 */
export class ServerOperations {
  constructor(private readonly services: Services) {}

  /** Every device deviceauth knows, in the order they first asked. */
  listDevices(): DeviceSummary[] {
    return Object.values(this.services.context.state.devices).map((device) =>
      this.summary(device),
    );
  }

  device(deviceId: string): DeviceSummary | undefined {
    const device = this.services.context.state.devices[deviceId];
    return device === undefined ? undefined : this.summary(device);
  }

  /** The device with this identity (key order does not matter). */
  findDevice(identity: Readonly<Record<string, unknown>>): DeviceSummary | undefined {
    const device = this.services.deviceAuth.findDevice(normalizeIdentity(identity));
    return device === undefined ? undefined : this.summary(device);
  }

  /** A copy of one device's inventory attributes as the server holds them. */
  inventoryAttributes(deviceId: string): InventoryAttribute[] {
    const record = this.services.context.state.inventory[deviceId];
    return record === undefined ? [] : structuredClone(Object.values(record.attributes));
  }

  /** Accepts an auth set; without one given, the device's newest pending one. */
  acceptDevice(deviceId: string, authSetId?: string): void {
    this.setStatus(deviceId, authSetId, 'accepted', ['pending', 'rejected']);
  }

  /** Rejects an auth set; without one given, the device's accepted or newest pending one. */
  rejectDevice(deviceId: string, authSetId?: string): void {
    this.setStatus(deviceId, authSetId, 'rejected', ['accepted', 'pending']);
  }

  private setStatus(
    deviceId: string,
    authSetId: string | undefined,
    status: string,
    from: readonly string[],
  ): void {
    const id = authSetId ?? this.pickAuthSet(deviceId, from);
    this.services.deviceAuth.setAuthSetStatus(deviceId, id, status);
  }

  private pickAuthSet(deviceId: string, statuses: readonly string[]): string {
    const { state } = this.services.context;
    const device = state.devices[deviceId];
    if (device === undefined) throw notFound('device not found');
    for (const status of statuses) {
      const candidates = device.authSetIds
        .map((id) => state.authSets[id])
        .filter((authSet) => authSet?.status === status);
      const newest = candidates.at(-1);
      if (newest !== undefined) return newest.id;
    }
    throw badRequest(
      `device ${deviceId} has no auth set in status ${statuses.join(' or ')}`,
    );
  }

  /** Preauthorizes an identity and key; returns the device id (409 if it exists). */
  preauthorizeDevice(
    identity: Readonly<Record<string, unknown>>,
    pubkeyPem: string,
  ): string {
    if (Object.keys(identity).length === 0) {
      throw badRequest('identity_data: cannot be blank: give at least one attribute');
    }
    const result = this.services.deviceAuth.preauthorize(
      { ...identity },
      normalizeIdentity(identity),
      parseDevicePublicKey(pubkeyPem).normalizedPem,
      false,
    );
    if (!result.created) throw badRequest(`device ${result.device.id} already exists`);
    return result.device.id;
  }

  decommissionDevice(deviceId: string): void {
    this.services.deviceAuth.decommission(deviceId);
  }

  revokeToken(tokenId: string): void {
    this.services.deviceAuth.tokens.revoke(tokenId);
  }

  /** Uploads a `.mender` file as the management API does; resolves to the stored artifact. */
  async uploadArtifact(bytes: Uint8Array, description = ''): Promise<ArtifactSummary> {
    const artifact = await this.services.artifacts.upload(bytes, description);
    this.services.deployments.artifactAdded(artifact);
    return artifactSummary(artifact);
  }

  listArtifacts(): ArtifactSummary[] {
    return this.services.artifacts.list().map(artifactSummary);
  }

  /** Creates a deployment; `allDevices` targets the devices accepted now. Returns its id. */
  createDeployment(request: NewDeployment): string {
    const { state } = this.services.context;
    return this.services.deployments.create(request, (group) =>
      Object.values(state.devices)
        .filter((device) => device.status === 'accepted')
        .filter(
          (device) =>
            group === undefined || this.services.inventory.group(device.id) === group,
        )
        .map((device) => device.id),
    ).id;
  }

  abortDeployment(deploymentId: string): void {
    this.services.deployments.abort(deploymentId);
  }

  deployment(deploymentId: string): DeploymentRecord | undefined {
    const deployment = this.services.context.state.deployments[deploymentId];
    return deployment === undefined ? undefined : structuredClone(deployment);
  }

  listDeployments(): DeploymentRecord[] {
    return Object.values(this.services.context.state.deployments).map((deployment) =>
      structuredClone(deployment),
    );
  }

  /** The device's part in a deployment, once it has asked for it. */
  deviceDeployment(
    deploymentId: string,
    deviceId: string,
  ): DeviceDeploymentRecord | undefined {
    const record = this.services.deployments
      .deviceDeploymentsOf(deploymentId)
      .find((candidate) => candidate.deviceId === deviceId);
    return record === undefined ? undefined : structuredClone(record);
  }

  /** Puts a device in a static inventory group (used by group deployments). */
  setDeviceGroup(deviceId: string, group: string | undefined): void {
    this.services.inventory.setGroup(deviceId, group);
  }

  get policies(): ServerPolicies {
    return structuredClone(this.services.context.state.policies);
  }

  /**
   * Switches the rate limiter (null: off). Counters start afresh. Hosted
   * Mender allows at most 10 exempt test devices, and so does this.
   */
  setRateLimit(policy: RateLimitPolicy | null): void {
    if (policy !== null) checkRateLimitPolicy(policy);
    const { state } = this.services.context;
    state.policies.rateLimit = policy === null ? null : structuredClone(policy);
    for (const key of Object.keys(state.limiter)) delete state.limiter[key];
  }

  setFaults(faults: Partial<FaultPolicy>): void {
    checkFaultPolicy(faults);
    const { policies } = this.services.context.state;
    policies.faults = structuredClone({ ...policies.faults, ...faults });
  }

  /** The most devices that may be accepted (0: no limit); beyond it accepting is a 422. */
  setMaxDevices(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0) {
      throw badRequest(
        `the device limit must be a whole number, 0 or more, got ${limit}`,
      );
    }
    this.services.context.state.policies.maxDevices = limit;
  }

  /** Virtual latency the transport should add to device exchanges (a fault). */
  extraLatencyMs(): number {
    return this.services.context.state.policies.faults.addedLatencyMs;
  }

  private summary(device: DeviceRecord): DeviceSummary {
    const { state } = this.services.context;
    const { authSetIds, ...rest } = structuredClone(device);
    return {
      ...rest,
      authSets: authSetIds
        .map((id) => state.authSets[id])
        .filter((authSet): authSet is AuthSetRecord => authSet !== undefined)
        .map((authSet) => structuredClone(authSet)),
    };
  }
}

function artifactSummary(artifact: ArtifactRecord): ArtifactSummary {
  const { bytesBase64: _bytes, ...rest } = artifact;
  return structuredClone(rest);
}
