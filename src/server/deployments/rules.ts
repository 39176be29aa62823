import { badRequest } from '../http/errors.ts';
import type { DeploymentRecord, NextRequestRecord } from '../state.ts';
import type { NewDeployment } from './deployments.ts';

/** The constructor checks of `DeploymentConstructor.ValidateNew`, with its messages. */
export function validateNewDeployment(request: NewDeployment): void {
  if (request.name.length === 0)
    throw badRequest('Validating request body: name: cannot be blank.');
  if (request.artifactName.length === 0 || request.artifactName.length > 4096) {
    throw badRequest('Validating request body: artifact_name: cannot be blank.');
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
