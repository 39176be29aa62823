import { parseProvides, serializeProvides, type Provides } from './provides.ts';
import {
  updateStateFromNumber,
  updateStateNumber,
  type UpdateState,
} from './menderTypes.ts';

/**
 * The deployment data record (NVS id 3 without its CRC): the deployment in
 * progress, kept across reboots so the update loop can resume
 * (deployment-data.c, reference §1.3).
 */
export interface DeploymentData {
  readonly id: string;
  readonly artifactName: string;
  /** Only index 0 is ever used. */
  readonly payloadTypes: readonly string[];
  /** The provides to commit, or null before the download computed them. */
  readonly provides: Provides | null;
  /** Null until the first transition out of DOWNLOAD. */
  readonly state: UpdateState | null;
  readonly stateDataStoreCount: number;
}

/** The JSON text the client stores, fields in the order deployment-data.c adds them. */
export function serializeDeploymentData(data: DeploymentData): string {
  return JSON.stringify({
    version: 1,
    id: data.id,
    artifact_name: data.artifactName,
    payload_types: data.payloadTypes,
    provides: data.provides === null ? null : serializeProvides(data.provides),
    state: data.state === null ? null : updateStateNumber(data.state),
    state_data_store_count: data.stateDataStoreCount,
  });
}

/** Why a stored record could not be used; the client then deletes it. */
export class DeploymentDataError extends Error {
  override readonly name = 'DeploymentDataError';
}

function fail(reason: string): never {
  throw new DeploymentDataError(`Invalid deployment data: ${reason}.`);
}

/** Parses and validates a stored record as the client does on boot. */
export function parseDeploymentData(json: string): DeploymentData {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    fail('the record is not JSON');
  }
  if (typeof raw !== 'object' || raw === null) fail('the record is not an object');
  const record = raw as Record<string, unknown>;

  if (record['version'] !== 1) fail(`version ${String(record['version'])} is not 1`);
  const { id, artifact_name, payload_types, provides, state, state_data_store_count } =
    record;
  if (typeof id !== 'string') fail('"id" is missing');
  if (typeof artifact_name !== 'string') fail('"artifact_name" is missing');
  if (!Array.isArray(payload_types) || typeof payload_types[0] !== 'string') {
    fail('"payload_types" is not an array of strings');
  }
  if (provides !== null && typeof provides !== 'string') {
    fail('"provides" is neither a string nor null');
  }
  if (typeof state !== 'number') fail('"state" is not a number');
  const updateState = updateStateFromNumber(state);
  if (updateState === undefined) fail(`"state" ${state} is not an update state`);
  if (typeof state_data_store_count !== 'number') {
    fail('"state_data_store_count" is not a number');
  }

  return {
    id,
    artifactName: artifact_name,
    payloadTypes: payload_types as string[],
    provides: provides === null ? null : parseProvides(provides),
    state: updateState,
    stateDataStoreCount: state_data_store_count,
  };
}
