import type { DeviceDeploymentStatus } from '../state.ts';

/** Statuses a device may report in a status PUT; anything else is a 400. */
export const DEVICE_REPORTABLE_STATUSES: ReadonlySet<string> = new Set([
  'downloading',
  'installing',
  'rebooting',
  'pause_before_installing',
  'pause_before_committing',
  'pause_before_rebooting',
  'success',
  'failure',
  'already-installed',
]);

const ACTIVE_STATUSES: ReadonlySet<DeviceDeploymentStatus> = new Set([
  'pending',
  'downloading',
  'installing',
  'rebooting',
  'pause_before_installing',
  'pause_before_committing',
  'pause_before_rebooting',
]);

/** Whether a device deployment still counts as under way. */
export function isActive(status: DeviceDeploymentStatus): boolean {
  return ACTIVE_STATUSES.has(status);
}

/** Statuses that count towards a deployment being finished. */
const FINISHING_STATUSES: readonly DeviceDeploymentStatus[] = [
  'already-installed',
  'success',
  'failure',
  'noartifact',
  'decommissioned',
  'aborted',
];

/** Statuses that move a deployment from pending to in progress. */
const STARTED_STATUSES: readonly DeviceDeploymentStatus[] = [
  'downloading',
  'installing',
  'rebooting',
  'success',
  'already-installed',
  'failure',
  'aborted',
  'noartifact',
  'pause_before_installing',
  'pause_before_committing',
  'pause_before_rebooting',
];

/** Counters per status, every key present, as a new deployment starts them. */
export function emptyStats(): Record<DeviceDeploymentStatus, number> {
  return {
    success: 0,
    pending: 0,
    downloading: 0,
    installing: 0,
    rebooting: 0,
    failure: 0,
    noartifact: 0,
    'already-installed': 0,
    aborted: 0,
    pause_before_installing: 0,
    pause_before_rebooting: 0,
    pause_before_committing: 0,
    decommissioned: 0,
  };
}

/** The deployment's status from its counters, as `Deployment.GetStatus` derives it. */
export function deploymentStatusFrom(
  stats: Readonly<Record<DeviceDeploymentStatus, number>>,
  maxDevices: number,
  finished: boolean,
): 'pending' | 'inprogress' | 'finished' {
  const done = FINISHING_STATUSES.reduce((sum, status) => sum + stats[status], 0);
  if (finished || (maxDevices > 0 && done >= maxDevices)) return 'finished';
  if (STARTED_STATUSES.some((status) => stats[status] > 0)) return 'inprogress';
  return 'pending';
}
