import { badRequest } from '../http/errors.ts';
import { utf8Length } from '../http/utf8Length.ts';
import type { DeploymentRecord, NextRequestRecord } from '../state.ts';
import type { NewDeployment } from './deployments.ts';

/** Longest deployment and release name, in UTF-8 bytes (ozzo's `Length(1, 4096)`). */
const MAX_NAME_BYTES = 4096;

/** The constructor checks of `DeploymentConstructor.ValidateNew`, with its messages. */
export function validateNewDeployment(request: NewDeployment): void {
  const problems: string[] = [];
  for (const [field, value] of [
    ['artifact_name', request.artifactName],
    ['name', request.name],
  ] as const) {
    if (value.length === 0) problems.push(`${field}: cannot be blank`);
    else if (utf8Length(value) > MAX_NAME_BYTES) {
      problems.push(`${field}: the length must be between 1 and ${MAX_NAME_BYTES}`);
    }
  }
  if (problems.length > 0) {
    throw badRequest(`Validating request body: ${problems.join('; ')}.`);
  }
  if (request.group !== undefined) {
    if ((request.devices?.length ?? 0) > 0 || request.allDevices === true) {
      throw badRequest(
        'The deployment for group constructor should have neither list of devices nor all_devices flag set',
      );
    }
    return;
  }
  const hasDevices = (request.devices?.length ?? 0) > 0;
  if (!hasDevices && request.allDevices !== true) {
    throw badRequest(
      'Invalid deployments definition: provide list of devices or set all_devices flag',
    );
  }
  if (hasDevices && request.allDevices === true) {
    throw badRequest(
      'Invalid deployments definition: list of devices provided togheter with all_devices flag',
    );
  }
  if (request.devices?.some((id) => id.length === 0)) {
    throw badRequest('Validating request body: devices: cannot be blank.');
  }
}

/**
 * Whether an unfinished deployment was made from the same request: the real
 * service refuses a second one with 409 (its constructor checksum).
 */
export function sameConstructor(
  existing: DeploymentRecord,
  request: NewDeployment,
): boolean {
  return (
    existing.name === request.name &&
    existing.artifactName === request.artifactName &&
    existing.allDevices === (request.allDevices === true) &&
    existing.group === request.group &&
    existing.forceInstallation === (request.forceInstallation === true) &&
    (request.allDevices === true ||
      request.group !== undefined ||
      sameList(existing.deviceIds, request.devices ?? []))
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Whether two `next` requests carry the same device data (Go's DeepEqual of them). */
export function sameRequest(a: NextRequestRecord, b: NextRequestRecord): boolean {
  if (
    a.artifactName !== b.artifactName ||
    a.deviceType !== b.deviceType ||
    a.updateControlMap !== b.updateControlMap
  ) {
    return false;
  }
  const aKeys = Object.keys(a.provides);
  if (aKeys.length !== Object.keys(b.provides).length) return false;
  return aKeys.every((key) => a.provides[key] === b.provides[key]);
}
