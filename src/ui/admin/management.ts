import { useCallback, useSyncExternalStore } from 'react';

import type { ManagementExchange, Simulation, UserAction } from '../../fleet/index.ts';
import { useSimulationStore } from '../simulationStore.ts';

export const DEVAUTH = '/api/management/v2/devauth';
export const DEPLOYMENTS = '/api/management/v1/deployments';

/** The management API calls the panel reads its lists from. */
export const LIST_PATHS = {
  pending: `${DEVAUTH}/devices?status=pending&per_page=500`,
  accepted: `${DEVAUTH}/devices?status=accepted&per_page=500`,
  preauthorized: `${DEVAUTH}/devices?status=preauthorized&per_page=500`,
  artifacts: `${DEPLOYMENTS}/artifacts`,
  deployments: `${DEPLOYMENTS}/deployments?per_page=50`,
} as const;

export const statisticsPath = (deploymentId: string) =>
  `${DEPLOYMENTS}/deployments/${deploymentId}/statistics`;
export const deploymentDevicesPath = (deploymentId: string) =>
  `${DEPLOYMENTS}/deployments/${deploymentId}/devices`;
export const deploymentLogPath = (deploymentId: string, deviceId: string) =>
  `${DEPLOYMENTS}/deployments/${deploymentId}/devices/${deviceId}/log`;

/** Deployments whose device list is open in the panel: refreshed with the lists. */
export const watchedDeployments = new Set<string>();

type ManagementRequest = Omit<
  Extract<UserAction, { action: 'management.request' }>,
  'action' | 'upload'
> & { upload?: { sha256: string; description: string } };

/** Sends a management API request as a recorded user action. */
export function sendManagement(request: ManagementRequest): void {
  useSimulationStore.getState().perform({ action: 'management.request', ...request });
}

/** Re-renders on every request sent and answer received by the admin's console. */
export function useManagementVersion(simulation: Simulation | null): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (simulation === null) return () => undefined;
      const unsubscribe = simulation.management.subscribe(onChange);
      return () => void unsubscribe();
    },
    [simulation],
  );
  return useSyncExternalStore(subscribe, () => simulation?.management.version ?? 0);
}

/** The latest answered GET of a path, if any. */
export function latestGet(
  simulation: Simulation | null,
  path: string,
): ManagementExchange | undefined {
  return simulation?.management.latest('GET', path);
}

/** A successful JSON list answer, or an empty list. */
export function listBody<T>(exchange: ManagementExchange | undefined): T[] {
  return exchange?.status === 200 && Array.isArray(exchange.body)
    ? (exchange.body as T[])
    : [];
}

/** The error message of a refused request, as the server wrote it. */
export function errorOf(exchange: ManagementExchange): string | undefined {
  if (exchange.failure !== undefined) return exchange.failure;
  if (exchange.status === undefined || exchange.status < 400) return undefined;
  const body = exchange.body as { error?: unknown } | string | undefined;
  if (typeof body === 'string') return body;
  return typeof body?.error === 'string' ? body.error : `HTTP ${exchange.status}`;
}

export interface DeviceBody {
  id: string;
  identity_data: Record<string, unknown>;
  status: string;
  decommissioning?: boolean;
  created_ts?: string;
  auth_sets?: { id: string; status: string; ts?: string }[];
}

export interface ArtifactBody {
  id: string;
  name: string;
  description: string;
  device_types_compatible: string[];
  info: { format: string; version: number };
  signed: boolean;
  updates: {
    type_info: { type: string | null };
    files: { name: string; checksum: string; size: number }[];
    meta_data: unknown;
  }[];
  artifact_provides?: Record<string, string>;
  artifact_depends?: Record<string, unknown>;
  clears_artifact_provides?: string[];
  size: number;
  modified: string;
}

/** A device in a deployment, as `GET .../deployments/{id}/devices` lists it. */
export interface DeploymentDeviceBody {
  id: string;
  status: string;
  substate?: string;
  finished?: string;
  log: boolean;
}

export interface DeploymentBody {
  id: string;
  name: string;
  artifact_name: string;
  created: string;
  finished?: string;
  status: string;
  device_count: number;
  max_devices?: number;
}

/** Asks for every list the panel shows, and the statistics of each deployment listed. */
export function refreshAll(simulation: Simulation | null): void {
  for (const path of Object.values(LIST_PATHS)) sendManagement({ method: 'GET', path });
  for (const deployment of listBody<DeploymentBody>(
    latestGet(simulation, LIST_PATHS.deployments),
  )) {
    sendManagement({ method: 'GET', path: statisticsPath(deployment.id) });
    if (watchedDeployments.has(deployment.id)) {
      sendManagement({ method: 'GET', path: deploymentDevicesPath(deployment.id) });
    }
  }
}

function identityKey(identity: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(
    Object.keys(identity)
      .sort()
      .map((key) => [key, identity[key]]),
  );
}

const fleetNamesBySimulation = new WeakMap<Simulation, Map<string, string>>();

/** The fleet's own name for a server device (e.g. `esp32-3`), matched by identity. */
export function fleetNameOf(
  simulation: Simulation | null,
  identity: Record<string, unknown>,
): string | undefined {
  if (simulation === null) return undefined;
  // Built once per run: a 10,000-device fleet is looked up row by row.
  let names = fleetNamesBySimulation.get(simulation);
  if (names === undefined) {
    names = new Map();
    for (const [id, entry] of simulation.fleet)
      names.set(identityKey(entry.identity), id);
    fleetNamesBySimulation.set(simulation, names);
  }
  return names.get(identityKey(identity));
}
