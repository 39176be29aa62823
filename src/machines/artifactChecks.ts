import type { DeploymentOffer } from './clientContext.ts';
import type { Provides } from './provides.ts';

/** What the client keeps from an artifact's headers for its checks (artifact.c). */
export interface ArtifactHeaderSummary {
  /** header-info `artifact_provides.artifact_name`. */
  readonly artifactName: string;
  /** Payload types from header-info, in order. */
  readonly payloadTypes: readonly string[];
  /** header-info `artifact_depends.device_type`, in file order. */
  readonly deviceTypes: readonly string[];
  /** type-info of payload 0. */
  readonly provides: Provides;
  /** A list value is met by any of its entries. */
  readonly depends: ReadonlyArray<readonly [string, string | readonly string[]]>;
  readonly clearsProvides: readonly string[];
  /** Parsed meta-data of payload 0, or null. */
  readonly metaData: unknown;
}

/**
 * The device-type check after download (client.c:765-789): the artifact's
 * device type must equal the configured one and the configured one must be
 * in the deployment's compatible list. The C code keeps depends in reverse
 * order and takes the first, so only the last listed type counts (quirk 4).
 * Returns the error message, or undefined when compatible.
 */
export function checkDeviceType(
  header: ArtifactHeaderSummary,
  offer: DeploymentOffer,
  deviceType: string,
  lastDeviceTypeOnly: boolean,
): string | undefined {
  const candidates = lastDeviceTypeOnly
    ? header.deviceTypes.slice(-1)
    : header.deviceTypes;
  if (!candidates.includes(deviceType)) {
    return `Artifact device type doesn't match the device type '${deviceType}'`;
  }
  if (!offer.deviceTypesCompatible.includes(deviceType)) {
    return `Device type '${deviceType}' is not in the deployment's compatible types`;
  }
  return undefined;
}

/** Every type-info depends entry must be in the stored provides (client.c:891-939). */
export function checkDepends(
  depends: ArtifactHeaderSummary['depends'],
  stored: Provides,
): string | undefined {
  for (const [key, wanted] of depends) {
    const values = typeof wanted === 'string' ? [wanted] : wanted;
    const met = stored.some(
      ([storedKey, storedValue]) => storedKey === key && values.includes(storedValue),
    );
    if (!met) return `Missing '${key}:${values.join(',')}' in provides`;
  }
  return undefined;
}
