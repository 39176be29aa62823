/**
 * The whole server state as plain JSON: what `exportState` returns and
 * `createMockServer({ state })` restores. Times are virtual milliseconds.
 * Indexes the server keeps for speed are rebuilt from this on restore.
 */

import type { ServerPolicies } from './policies/policies.ts';
import type { LimiterCounters } from './policies/rateLimiter.ts';
import type { ServerProfile } from './profile.ts';

export const STATE_VERSION = 1;

/** Auth-set statuses of deviceauth. */
export type AuthSetStatus = 'pending' | 'accepted' | 'rejected' | 'preauthorized';
/** Device statuses: an auth-set status, or `noauth` when it has none. */
export type DeviceAuthStatus = AuthSetStatus | 'noauth';

export interface DeviceRecord {
  readonly id: string;
  /** id_data as the device sent it, parsed. */
  readonly identity: Record<string, unknown>;
  /** The normalised id_data: keys sorted, compact JSON. */
  readonly identityKey: string;
  status: DeviceAuthStatus;
  decommissioning: boolean;
  readonly createdAt: number;
  updatedAt: number;
  checkInAt?: number;
  /** The device tier from its latest auth request (`micro`, `standard`, ...). */
  tier?: string;
  authSetIds: string[];
}

export interface AuthSetRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly identityKey: string;
  /** The public key as deviceauth stores it (re-encoded PEM). */
  readonly pubkey: string;
  status: AuthSetStatus;
  readonly createdAt: number;
}

/** An issued device token; its id (jti) is the auth set id. */
export interface TokenRecord {
  readonly id: string;
  readonly deviceId: string;
  readonly token: string;
  readonly expiresAt: number;
}

export type AttributeScope = 'identity' | 'inventory' | 'system' | 'tags';
export type AttributeValue = string | number | readonly string[] | readonly number[];

export interface InventoryAttribute {
  readonly name: string;
  readonly value: AttributeValue;
  readonly scope: AttributeScope;
  readonly description?: string;
  readonly timestamp?: number;
}

export interface InventoryRecord {
  readonly deviceId: string;
  readonly createdAt: number;
  updatedAt: number;
  /** Keyed by `scope/name`. */
  attributes: Record<string, InventoryAttribute>;
}

export interface ArtifactUpdateFile {
  readonly name: string;
  readonly checksum: string;
  readonly size: number;
}

export interface ArtifactUpdate {
  readonly type: string | null;
  readonly files: readonly ArtifactUpdateFile[];
  readonly metaData: readonly Record<string, unknown>[];
}

export interface ArtifactRecord {
  readonly id: string;
  readonly name: string;
  description: string;
  readonly deviceTypesCompatible: readonly string[];
  readonly format: string;
  readonly version: number;
  readonly signed: boolean;
  readonly updates: readonly ArtifactUpdate[];
  readonly provides: Readonly<Record<string, string>>;
  readonly depends: Readonly<Record<string, unknown>>;
  readonly clearsProvides: readonly string[];
  readonly size: number;
  readonly modifiedAt: number;
  /** The `.mender` file, base64, served from the storage host. */
  readonly bytesBase64: string;
}

export type DeviceDeploymentStatus =
  | 'pending'
  | 'downloading'
  | 'installing'
  | 'rebooting'
  | 'pause_before_installing'
  | 'pause_before_committing'
  | 'pause_before_rebooting'
  | 'success'
  | 'failure'
  | 'already-installed'
  | 'noartifact'
  | 'aborted'
  | 'decommissioned';

export type DeploymentStatus = 'pending' | 'inprogress' | 'finished';

export interface DeploymentRecord {
  readonly id: string;
  readonly name: string;
  readonly artifactName: string;
  artifactIds: string[];
  readonly deviceIds: readonly string[];
  readonly allDevices: boolean;
  readonly group?: string;
  readonly forceInstallation: boolean;
  readonly createdAt: number;
  /** Breaks ties between deployments created at the same virtual time. */
  readonly sequence: number;
  finishedAt?: number;
  status: DeploymentStatus;
  readonly maxDevices: number;
  deviceCount: number;
  totalSize: number;
  stats: Record<DeviceDeploymentStatus, number>;
}

/** What a device said in its `next` request, kept to spot conflicting data. */
export interface NextRequestRecord {
  readonly artifactName: string;
  readonly deviceType: string;
  readonly provides: Readonly<Record<string, string>>;
  readonly updateControlMap: boolean;
}

export interface DeviceDeploymentRecord {
  readonly id: string;
  readonly deploymentId: string;
  readonly deviceId: string;
  status: DeviceDeploymentStatus;
  substate?: string;
  /** Copied from the deployment, as the real service does, for ordering. */
  readonly createdAt: number;
  readonly sequence: number;
  startedAt: number;
  finishedAt?: number;
  artifactId?: string;
  request?: NextRequestRecord;
  logAvailable: boolean;
}

export interface LogMessageRecord {
  /** RFC 3339 as sent. */
  readonly timestamp: string;
  readonly level: string;
  readonly message: string;
}

/** The maps of `ServerState` whose keys come from requests (ids, names). */
const RECORD_MAPS = [
  'devices',
  'authSets',
  'tokens',
  'inventory',
  'artifacts',
  'deployments',
  'deviceDeployments',
  'logs',
  'limiter',
] as const;

/**
 * Gives every record map of the state a null prototype, so that an id such
 * as `constructor` or `__proto__` in a request finds nothing instead of a
 * member of `Object.prototype`. Applied to a new state and to a restored one
 * (JSON and `structuredClone` give plain objects back).
 */
export function withoutPrototypes(state: ServerState): ServerState {
  const maps = state as unknown as Record<(typeof RECORD_MAPS)[number], object>;
  for (const name of RECORD_MAPS) {
    maps[name] = Object.assign(Object.create(null) as object, maps[name]);
  }
  return state;
}

export interface ServerState {
  readonly version: typeof STATE_VERSION;
  readonly profile: ServerProfile;
  /** Unix milliseconds of virtual time 0. */
  readonly startDate: number;
  readonly tenant?: { readonly id: string; readonly token: string };
  /** Hex of the Ed25519 key that signs device and management tokens. */
  readonly tokenKeyHex: string;
  /** Hex of the secret that signs artifact links. */
  readonly storageSecretHex: string;
  readonly admin: { readonly userId: string; readonly token: string };
  /** Next sequence number for deployments (their creation order). */
  sequence: number;
  /** Ids drawn so far, so a restored server continues the same id stream. */
  idsDrawn: number;
  /** Request ids drawn so far (requests that brought none), likewise. */
  requestIdsDrawn: number;
  /** Draws made for injected faults so far, likewise. */
  faultDraws: number;
  devices: Record<string, DeviceRecord>;
  authSets: Record<string, AuthSetRecord>;
  tokens: Record<string, TokenRecord>;
  inventory: Record<string, InventoryRecord>;
  artifacts: Record<string, ArtifactRecord>;
  deployments: Record<string, DeploymentRecord>;
  deviceDeployments: Record<string, DeviceDeploymentRecord>;
  logs: Record<string, LogMessageRecord[]>;
  policies: ServerPolicies;
  limiter: LimiterCounters;
}
