import { fromUtf8, type HttpResponse } from '../sim/index.ts';
import type { ClientContext, DeploymentOffer } from './clientContext.ts';
import type { DeploymentData } from './deploymentData.ts';
import type { InventoryItem, InventoryRegistration } from './inventoryTypes.ts';
import {
  MenderResult,
  SUCCESSORS,
  type CallbackState,
  type UpdateState,
} from './menderTypes.ts';
import type { ClientPlatform } from './platform.ts';

/** The current artifact name: NVS 5, else `MENDER_ARTIFACT_NAME`, else `unknown`. */
export function currentArtifactName(platform: ClientPlatform): string {
  const stored = platform.storage.readArtifactName();
  if (stored !== undefined) return stored;
  return platform.settings.artifactName === ''
    ? 'unknown'
    : platform.settings.artifactName;
}

export interface StoreOutcome {
  readonly data: DeploymentData;
  /** The write was refused: the store count reached the limit (and was reset). */
  readonly loopDetected: boolean;
}

/**
 * deployment-data.c's store: refuse once the count reached the limit (and
 * reset it in RAM), otherwise count the write. The caller writes `data` to
 * flash unless a loop was detected.
 */
export function storeDeploymentState(
  data: DeploymentData,
  state: UpdateState,
  maxStoreCount: number,
): StoreOutcome {
  if (data.stateDataStoreCount >= maxStoreCount) {
    return { data: { ...data, state, stateDataStoreCount: 0 }, loopDetected: true };
  }
  return {
    data: { ...data, state, stateDataStoreCount: data.stateDataStoreCount + 1 },
    loopDetected: false,
  };
}

/** The result of the NEXT_STATE step of client.c. */
export interface TransitionPlan {
  readonly next: UpdateState;
  readonly deployment: DeploymentData | undefined;
  /** The record to write, if the step stores one. */
  readonly write: DeploymentData | undefined;
  /** False for the forced jump to FAILURE after a detected loop. */
  readonly announce: boolean;
}

/**
 * NEXT_STATE: take the success or failure successor (INSTALL goes straight
 * to COMMIT for a module that needs no reboot); store it on success, or on
 * failure once a module is known; a detected loop forces FAILURE, unstored
 * and unannounced. A state already written by a pre-store is not stored again.
 */
export function planTransition(
  context: ClientContext,
  outcome: 'success' | 'failure',
): TransitionPlan {
  const from = context.updateState as CallbackState;
  let next = SUCCESSORS[from][outcome];
  if (
    from === 'INSTALL' &&
    outcome === 'success' &&
    !context.loop.module?.requiresReboot
  ) {
    next = 'COMMIT';
  }

  const { deployment, module, preStored } = context.loop;
  const shouldStore = outcome === 'success' || module !== undefined;
  const alreadyStored = outcome === 'success' && preStored === next;
  if (deployment === undefined || !shouldStore || alreadyStored) {
    return { next, deployment, write: undefined, announce: true };
  }

  const stored = storeDeploymentState(
    deployment,
    next,
    context.platform.settings.maxStateDataStoreCount,
  );
  if (stored.loopDetected) {
    return {
      next: 'FAILURE',
      deployment: stored.data,
      write: undefined,
      announce: false,
    };
  }
  return { next, deployment: stored.data, write: stored.data, announce: true };
}

/** Maps a status PUT answer: 204 OK, 409 aborted, anything else retry. */
export function statusResult(response: HttpResponse): MenderResult {
  if (response.status === 204) return MenderResult.OK;
  if (response.status === 409) return MenderResult.ABORTED;
  return MenderResult.RETRY_ERROR;
}

/** Reads a 200 next-deployment answer; undefined when a required field is missing. */
export function parseDeploymentOffer(
  response: HttpResponse,
): DeploymentOffer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(fromUtf8(response.body));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, artifact } = body as { id?: unknown; artifact?: unknown };
  if (typeof id !== 'string' || typeof artifact !== 'object' || artifact === null) {
    return undefined;
  }
  const { artifact_name, source, device_types_compatible } = artifact as {
    artifact_name?: unknown;
    source?: { uri?: unknown } | null;
    device_types_compatible?: unknown;
  };
  if (typeof artifact_name !== 'string') return undefined;
  if (typeof source !== 'object' || source === null || typeof source.uri !== 'string') {
    return undefined;
  }
  if (!Array.isArray(device_types_compatible)) return undefined;
  return {
    id,
    artifactName: artifact_name,
    uri: source.uri,
    deviceTypesCompatible: device_types_compatible.filter(
      (type): type is string => typeof type === 'string',
    ),
  };
}

/**
 * The inventory callbacks of the core (registered first, in
 * `mender_inventory_init`): artifact name and device type, then the stored
 * provides.
 */
export function coreInventoryCallbacks(
  platform: ClientPlatform,
): InventoryRegistration[] {
  return [
    {
      persistent: true,
      callback() {
        return [
          { name: 'artifact_name', value: currentArtifactName(platform) },
          { name: 'device_type', value: platform.settings.deviceType },
        ];
      },
    },
    {
      persistent: true,
      callback() {
        const provides = platform.storage.readProvides();
        if (provides === undefined || provides.length === 0) return undefined;
        return provides.map(([name, value]) => ({ name, value }));
      },
    },
  ];
}

/** Persistent items, sets in reverse registration order (the C list is prepended). */
export function collectPersistentItems(
  registrations: readonly InventoryRegistration[],
): InventoryItem[] {
  const items: InventoryItem[] = [];
  for (let index = registrations.length - 1; index >= 0; index--) {
    const registration = registrations[index]!;
    if (!registration.persistent) continue;
    const collected = registration.callback();
    if (collected !== undefined) items.push(...collected);
  }
  return items;
}

/** Dynamic items, sets in registration order. */
export function collectDynamicItems(
  registrations: readonly InventoryRegistration[],
): InventoryItem[] {
  const items: InventoryItem[] = [];
  for (const registration of registrations) {
    if (registration.persistent) continue;
    const collected = registration.callback();
    if (collected !== undefined) items.push(...collected);
  }
  return items;
}

export function hasDynamicCallbacks(
  registrations: readonly InventoryRegistration[],
): boolean {
  return registrations.some((registration) => !registration.persistent);
}
