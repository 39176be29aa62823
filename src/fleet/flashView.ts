import { NVS_RECORD, decodeDeploymentRecord } from '../devices/flash/menderStorage.ts';
import type { SimulatedDevice } from '../devices/simulatedDevice.ts';
import { fromUtf8 } from '../sim/index.ts';

/** One NVS record, decoded the way the client reads it. */
export interface NvsRecordView {
  readonly id: number;
  readonly name: string;
  readonly bytes: number;
  /** The record's content in words: JSON, a name, provides pairs, or why it cannot be read. */
  readonly value: string;
}

/** What sits in a device's flash: the client's NVS records and the MCUboot slots. */
export interface FlashView {
  readonly nvs: NvsRecordView[];
  readonly mcuboot: {
    readonly primary: string;
    readonly secondary: string | null;
    readonly confirmed: boolean;
    readonly pendingSwap: string;
  };
}

const RECORD_NAMES: Record<number, string> = {
  [NVS_RECORD.privateKey]: 'private key (DER)',
  [NVS_RECORD.publicKey]: 'public key (SubjectPublicKeyInfo DER)',
  [NVS_RECORD.deploymentData]: 'deployment data',
  [NVS_RECORD.provides]: 'provides',
  [NVS_RECORD.artifactName]: 'artifact name',
};

/** Strips the C string terminator the client stores. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return fromUtf8(end === -1 ? bytes : bytes.subarray(0, end));
}

function describeRecord(id: number, bytes: Uint8Array, withCrc: boolean): string {
  switch (id) {
    case NVS_RECORD.privateKey:
    case NVS_RECORD.publicKey:
      return `${bytes.length} bytes`;
    case NVS_RECORD.deploymentData:
      try {
        return JSON.stringify(decodeDeploymentRecord(bytes, withCrc));
      } catch (error) {
        return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
      }
    case NVS_RECORD.provides:
      // Pairs are key 0x1F value 0x1E, as the client stores them.
      return cString(bytes)
        .split('\u001e')
        .filter((pair) => pair !== '')
        .map((pair) => pair.replace('\u001f', '='))
        .join(', ');
    default:
      return cString(bytes);
  }
}

/** Decodes a device's flash for reports and the flash inspector. */
export function flashView(device: SimulatedDevice, withCrc: boolean): FlashView {
  const nvs = device.nvs
    .entries()
    .sort((a, b) => a.id - b.id)
    .map(({ id, bytes }) => ({
      id,
      name: RECORD_NAMES[id] ?? 'unknown record',
      bytes: bytes.length,
      value: describeRecord(id, bytes, withCrc),
    }));
  const { mcuboot } = device;
  return {
    nvs,
    mcuboot: {
      primary: mcuboot.primary.name,
      secondary: mcuboot.secondary?.name ?? null,
      confirmed: mcuboot.confirmed,
      pendingSwap: String(mcuboot.pendingSwap),
    },
  };
}
