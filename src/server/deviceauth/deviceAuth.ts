import { equalBytes } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { utf8 } from '../../sim/index.ts';
import { ApiError, badRequest, notFound, unauthorized } from '../http/errors.ts';
import type { ServerContext } from '../context.ts';
import { verifyAuthRequestSignature } from '../crypto/signatures.ts';
import type {
  AuthSetRecord,
  AuthSetStatus,
  DeviceAuthStatus,
  DeviceRecord,
} from '../state.ts';
import { parseAuthRequest, type AuthRequest } from './authRequest.ts';
import { DeviceTokens } from './deviceTokens.ts';

/** What other services learn from deviceauth (the real one runs workflows). */
export interface DeviceAuthHooks {
  /** A device record was created (inventory gets its identity). */
  deviceAdded(device: DeviceRecord): void;
  /** The device's derived status changed. */
  deviceStatusChanged(device: DeviceRecord): void;
  /** The device was decommissioned and removed. */
  deviceDecommissioned(deviceId: string): void;
}

const STATUS_PRIORITY: readonly AuthSetStatus[] = [
  'accepted',
  'preauthorized',
  'pending',
  'rejected',
];

/** The statuses an operator may set, and the ones each may be reached from. */
const ALLOWED_SOURCES: Readonly<Record<string, readonly AuthSetStatus[]>> = {
  accepted: ['pending', 'rejected'],
  rejected: ['pending', 'accepted'],
  pending: ['pending', 'accepted', 'rejected'],
};

const UNAUTHORIZED = 'dev auth: unauthorized';

/** The digest of the signature and body each auth set's key last verified (see verifySignature). */
const lastVerified = new WeakMap<AuthSetRecord, Uint8Array>();

/**
 * deviceauth: devices and their auth sets, admission, and the device tokens.
 */
export class DeviceAuth {
  private readonly deviceIdByIdentity = new Map<string, string>();
  private readonly authSetByIdentityAndKey = new Map<string, string>();
  readonly tokens: DeviceTokens;

  constructor(
    private readonly context: ServerContext,
    private readonly hooks: DeviceAuthHooks,
  ) {
    this.tokens = new DeviceTokens(context);
    for (const device of Object.values(context.state.devices)) {
      this.deviceIdByIdentity.set(device.identityKey, device.id);
    }
    for (const authSet of Object.values(context.state.authSets)) {
      this.authSetByIdentityAndKey.set(
        pairKey(authSet.identityKey, authSet.pubkey),
        authSet.id,
      );
    }
  }

  /**
   * `POST /api/devices/v1/authentication/auth_requests`, in deviceauth's
   * order: body checks (400), signature header present (400), tenant token
   * (hosted), preauthorisation, then the device and auth set are recorded
   * and, only for an accepted set, a token is issued and the signature over
   * the raw body verified (401 when it fails). Returns the raw JWT.
   */
  submitAuthRequest(
    body: Uint8Array,
    signatureHeader: string | undefined,
    refuseEveryone: boolean,
  ): Promise<string> {
    const request = parseAuthRequest(body);
    if (signatureHeader === undefined || signatureHeader === '') {
      throw badRequest('missing request signature header');
    }
    this.checkTenantToken(request);
    if (refuseEveryone) throw unauthorized(UNAUTHORIZED);

    const authSet = this.admitPreauthorized(request) ?? this.recordAuthRequest(request);
    if (authSet.status !== 'accepted') throw unauthorized(UNAUTHORIZED);

    const verified = this.verifySignature(authSet, request, signatureHeader, body);
    // deviceauth issues and stores the token before it checks the signature.
    const token = this.tokens.issue(authSet);
    const finish = ([valid, jwt]: [boolean, string]) => {
      if (!valid) throw unauthorized('signature verification failed');
      this.checkIn(authSet.deviceId);
      return jwt;
    };
    return Promise.all([verified, token]).then(finish);
  }

  /**
   * Verification is a function of key, signature and body, so a device that
   * re-authenticates with the bytes it sent last time (RFC 6979 signatures
   * make that the rule) gets the answer verified then, without a second
   * ECDSA verification. Only successes are kept, one per auth set.
   */
  private verifySignature(
    authSet: AuthSetRecord,
    request: AuthRequest,
    signatureHeader: string,
    body: Uint8Array,
  ): boolean | Promise<boolean> {
    const digest = sha256
      .create()
      // The header's length first, so no header and body pair reads as another.
      .update(utf8(`${signatureHeader.length}:${signatureHeader}`))
      .update(body)
      .digest();
    const last = lastVerified.get(authSet);
    if (last !== undefined && equalBytes(last, digest)) return true;
    const remember = (valid: boolean) => {
      if (valid) lastVerified.set(authSet, digest);
      return valid;
    };
    const verified = verifyAuthRequestSignature(request.publicKey, signatureHeader, body);
    return typeof verified === 'boolean' ? remember(verified) : verified.then(remember);
  }

  private checkTenantToken(request: AuthRequest): void {
    const tenant = this.context.state.tenant;
    if (tenant === undefined) return;
    if (request.tenantToken === '') throw unauthorized('tenant token missing');
    if (request.tenantToken !== tenant.token) {
      throw unauthorized('tenant token verification failed');
    }
  }

  /** A preauthorized set with this identity and key becomes accepted. */
  private admitPreauthorized(request: AuthRequest): AuthSetRecord | undefined {
    const authSet = this.findAuthSet(
      request.identityKey,
      request.publicKey.normalizedPem,
    );
    if (authSet === undefined || authSet.status !== 'preauthorized') return undefined;
    const device = this.device(authSet.deviceId);
    // Over the device limit the device is told only "unauthorized", as deviceauth
    // does; a device that is already accepted is not counted again.
    if (device.status !== 'accepted' && !this.canAcceptDevice()) {
      throw unauthorized('unauthorized');
    }
    this.rejectOtherAccepted(device, authSet.id);
    authSet.status = 'accepted';
    this.refreshDeviceStatus(device);
    this.rememberTier(authSet.deviceId, request.tier);
    return authSet;
  }

  /** Finds or creates the device and the auth set for this identity and key. */
  private recordAuthRequest(request: AuthRequest): AuthSetRecord {
    const { state, clock, ids } = this.context;
    const now = clock.now();
    let device = this.findDevice(request.identityKey);
    if (device === undefined) {
      device = {
        id: ids.next(),
        identity: request.identity,
        identityKey: request.identityKey,
        status: 'noauth',
        decommissioning: false,
        createdAt: now,
        updatedAt: now,
        authSetIds: [],
      };
      state.devices[device.id] = device;
      this.deviceIdByIdentity.set(device.identityKey, device.id);
      this.hooks.deviceAdded(device);
    }
    if (device.decommissioning) throw unauthorized(UNAUTHORIZED);
    this.rememberTier(device.id, request.tier);

    const pubkey = request.publicKey.normalizedPem;
    let authSet = this.findAuthSet(request.identityKey, pubkey);
    if (authSet === undefined) {
      authSet = {
        id: ids.next(),
        deviceId: device.id,
        identityKey: request.identityKey,
        pubkey,
        status: 'pending',
        createdAt: now,
      };
      state.authSets[authSet.id] = authSet;
      this.authSetByIdentityAndKey.set(pairKey(authSet.identityKey, pubkey), authSet.id);
      device.authSetIds.push(authSet.id);
    }
    this.refreshDeviceStatus(device);
    return authSet;
  }

  private rememberTier(deviceId: string, tier: string | undefined): void {
    const device = this.context.state.devices[deviceId];
    if (device !== undefined && tier !== undefined) device.tier = tier;
  }

  private checkIn(deviceId: string): void {
    const device = this.context.state.devices[deviceId];
    if (device !== undefined) device.checkInAt = this.context.clock.now();
  }

  /**
   * `PUT .../devices/{id}/auth/{aid}/status`: accept, reject, or back to
   * pending, with deviceauth's checks in its order: the auth set (404), an
   * already accepted set (nothing to do), the transition (400), for an
   * accept the device (404) and the limit (422), then the device id (400).
   */
  setAuthSetStatus(deviceId: string, authSetId: string, status: string): void {
    if (!Object.hasOwn(ALLOWED_SOURCES, status))
      throw badRequest('incorrect device status');
    const { state } = this.context;
    const authSet = state.authSets[authSetId];
    if (authSet === undefined) throw notFound('authentication set not found');
    if (status === 'accepted' && authSet.status === 'accepted') return;
    const allowed = ALLOWED_SOURCES[status] as readonly AuthSetStatus[];
    if (!allowed.includes(authSet.status)) throw badRequest('dev auth: bad request');
    if (status === 'accepted') {
      if (state.devices[deviceId] === undefined) throw notFound('device not found');
      if (!this.canAcceptDevice()) {
        throw new ApiError(422, 'maximum number of accepted devices reached');
      }
    }
    if (authSet.deviceId !== deviceId) {
      throw badRequest('dev auth: dev ID and auth ID mismatch');
    }
    if (authSet.status === status) return;
    const device = this.device(deviceId);
    if (status === 'accepted') this.rejectOtherAccepted(device, authSetId);
    if (authSet.status === 'accepted') delete state.tokens[authSet.id];
    authSet.status = status as AuthSetStatus;
    this.refreshDeviceStatus(device);
  }

  /** Accepting one auth set rejects the device's other accepted ones. */
  private rejectOtherAccepted(device: DeviceRecord, keptAuthSetId: string): void {
    for (const otherId of device.authSetIds) {
      const other = this.context.state.authSets[otherId];
      if (
        other !== undefined &&
        other.id !== keptAuthSetId &&
        other.status === 'accepted'
      ) {
        other.status = 'rejected';
        delete this.context.state.tokens[other.id];
      }
    }
  }

  /**
   * deviceauth's `canAcceptDevice`: one more accepted device fits the limit.
   * It counts every accepted device, the one being accepted included.
   */
  private canAcceptDevice(): boolean {
    const limit = this.context.state.policies.maxDevices;
    if (limit === 0) return true;
    let accepted = 0;
    for (const device of Object.values(this.context.state.devices)) {
      if (device.status === 'accepted') accepted += 1;
    }
    return accepted + 1 <= limit;
  }

  /**
   * `POST /api/management/v2/devauth/devices`: a device and auth set in
   * `preauthorized`; its first auth request with the same identity and key
   * is accepted at once. An existing identity is a 409 with that device,
   * unless `force` adds the set to it.
   */
  preauthorize(
    identity: Record<string, unknown>,
    identityKey: string,
    pubkey: string,
    force: boolean,
  ): { device: DeviceRecord; created: boolean } {
    const { state, clock, ids } = this.context;
    const now = clock.now();
    let device = this.findDevice(identityKey);
    if (device !== undefined && !force) return { device, created: false };
    if (device === undefined) {
      device = {
        id: ids.next(),
        identity,
        identityKey,
        status: 'preauthorized',
        decommissioning: false,
        createdAt: now,
        updatedAt: now,
        authSetIds: [],
      };
      state.devices[device.id] = device;
      this.deviceIdByIdentity.set(identityKey, device.id);
      this.hooks.deviceAdded(device);
    }
    const existing = this.findAuthSet(identityKey, pubkey);
    if (existing !== undefined) {
      if (!force) return { device, created: false };
      existing.status = 'preauthorized';
      this.refreshDeviceStatus(device);
      return { device, created: true };
    }
    const authSet: AuthSetRecord = {
      id: ids.next(),
      deviceId: device.id,
      identityKey,
      pubkey,
      status: 'preauthorized',
      createdAt: now,
    };
    state.authSets[authSet.id] = authSet;
    this.authSetByIdentityAndKey.set(pairKey(identityKey, pubkey), authSet.id);
    device.authSetIds.push(authSet.id);
    this.refreshDeviceStatus(device);
    return { device, created: true };
  }

  /** `DELETE .../devices/{id}/auth/{aid}`: forgets one auth set. */
  dismissAuthSet(deviceId: string, authSetId: string): void {
    const { state } = this.context;
    const authSet = state.authSets[authSetId];
    const device = state.devices[deviceId];
    if (authSet === undefined || device === undefined || authSet.deviceId !== deviceId) {
      throw new ApiError(404, 'authentication set not found', [], true);
    }
    delete state.authSets[authSetId];
    this.authSetByIdentityAndKey.delete(pairKey(authSet.identityKey, authSet.pubkey));
    device.authSetIds = device.authSetIds.filter((id) => id !== authSetId);
    if (authSet.status === 'accepted') this.tokens.deleteForDevice(deviceId);
    if (authSet.status === 'preauthorized' && device.authSetIds.length === 0) {
      this.removeDevice(device);
      this.hooks.deviceDecommissioned(deviceId);
      return;
    }
    this.refreshDeviceStatus(device);
  }

  /**
   * `DELETE /api/management/v2/devauth/devices/{id}`: the device, its auth
   * sets and tokens go at once; inventory and deployments are told, as the
   * decommissioning workflow does (there asynchronously, here at once).
   */
  decommission(deviceId: string): void {
    const device = this.context.state.devices[deviceId];
    if (device === undefined) throw new ApiError(404, 'device not found', [], true);
    device.decommissioning = true;
    this.tokens.deleteForDevice(deviceId);
    for (const authSetId of device.authSetIds) {
      const authSet = this.context.state.authSets[authSetId];
      if (authSet === undefined) continue;
      this.authSetByIdentityAndKey.delete(pairKey(authSet.identityKey, authSet.pubkey));
      delete this.context.state.authSets[authSetId];
    }
    this.removeDevice(device);
    this.hooks.deviceDecommissioned(deviceId);
  }

  private removeDevice(device: DeviceRecord): void {
    delete this.context.state.devices[device.id];
    this.deviceIdByIdentity.delete(device.identityKey);
  }

  /** Device status follows its auth sets: accepted > preauthorized > pending > rejected. */
  private refreshDeviceStatus(device: DeviceRecord): void {
    const statuses = device.authSetIds.map(
      (id) => this.context.state.authSets[id]?.status,
    );
    const status: DeviceAuthStatus =
      STATUS_PRIORITY.find((candidate) => statuses.includes(candidate)) ?? 'noauth';
    if (status === device.status) return;
    device.status = status;
    device.updatedAt = this.context.clock.now();
    this.hooks.deviceStatusChanged(device);
  }

  findDevice(identityKey: string): DeviceRecord | undefined {
    const id = this.deviceIdByIdentity.get(identityKey);
    return id === undefined ? undefined : this.context.state.devices[id];
  }

  private findAuthSet(identityKey: string, pubkey: string): AuthSetRecord | undefined {
    const id = this.authSetByIdentityAndKey.get(pairKey(identityKey, pubkey));
    return id === undefined ? undefined : this.context.state.authSets[id];
  }

  private device(deviceId: string): DeviceRecord {
    const device = this.context.state.devices[deviceId];
    if (device === undefined) throw notFound('device not found');
    return device;
  }
}

function pairKey(identityKey: string, pubkey: string): string {
  return `${identityKey}\n${pubkey}`;
}
