import { fromUtf8, utf8 } from '../../sim/index.ts';
import {
  DeploymentDataError,
  parseDeploymentData,
  serializeDeploymentData,
  type DeploymentData,
} from '../../machines/deploymentData.ts';
import type { ClientStorage, StoredDeploymentData } from '../../machines/platform.ts';
import {
  parseProvides,
  serializeProvides,
  type Provides,
} from '../../machines/provides.ts';
import { crc32 } from './crc32.ts';
import type { DeploymentLogBuffer } from './deploymentLogBuffer.ts';
import type { NvsStore } from './nvs.ts';

/** The client's NVS record ids (storage.c:117-121). */
export const NVS_RECORD = {
  privateKey: 1,
  publicKey: 2,
  deploymentData: 3,
  provides: 4,
  artifactName: 5,
} as const;

/**
 * The deployment data as stored: the JSON text, its terminating NUL, and
 * (with MENDER_STORAGE_DEPLOYMENT_DATA_CRC) a CRC-32 of both, little-endian.
 */
export function encodeDeploymentRecord(
  data: DeploymentData,
  withCrc: boolean,
): Uint8Array {
  const json = utf8(serializeDeploymentData(data));
  const record = new Uint8Array(json.length + 1 + (withCrc ? 4 : 0));
  record.set(json);
  if (withCrc) {
    const crc = crc32(record.subarray(0, json.length + 1));
    new DataView(record.buffer).setUint32(json.length + 1, crc, true);
  }
  return record;
}

/** Reads a stored record back; throws DeploymentDataError naming the problem. */
export function decodeDeploymentRecord(
  record: Uint8Array,
  withCrc: boolean,
): DeploymentData {
  const textLength = record.length - (withCrc ? 4 : 0);
  if (textLength < 1 || record[textLength - 1] !== 0) {
    throw new DeploymentDataError('Invalid deployment data: the record is truncated.');
  }
  if (withCrc) {
    const stored = new DataView(record.buffer, record.byteOffset).getUint32(
      textLength,
      true,
    );
    const computed = crc32(record.subarray(0, textLength));
    if (stored !== computed) {
      throw new DeploymentDataError(
        `Invalid deployment data: CRC mismatch (stored ${hex(stored)}, computed ${hex(computed)}).`,
      );
    }
  }
  return parseDeploymentData(fromUtf8(record.subarray(0, textLength - 1)));
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/**
 * The client's storage layer over the device's NVS: the records of §1.3 in
 * their stored formats, plus the deployment-log buffer. The artifact name is
 * cached in RAM as storage.c does; the cache dies with the client.
 */
export class MenderStorage implements ClientStorage {
  private cachedArtifactName: string | undefined;

  constructor(
    private readonly nvs: NvsStore,
    private readonly logs: DeploymentLogBuffer,
    private readonly withCrc: boolean,
  ) {}

  readDeploymentData(): StoredDeploymentData {
    const record = this.nvs.read(NVS_RECORD.deploymentData);
    if (record === undefined) return { kind: 'absent' };
    try {
      return { kind: 'valid', data: decodeDeploymentRecord(record, this.withCrc) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: 'corrupt', reason };
    }
  }

  writeDeploymentData(data: DeploymentData): void {
    this.nvs.write(NVS_RECORD.deploymentData, encodeDeploymentRecord(data, this.withCrc));
  }

  deleteDeploymentData(): void {
    this.nvs.delete(NVS_RECORD.deploymentData);
  }

  readArtifactName(): string | undefined {
    if (this.cachedArtifactName !== undefined) return this.cachedArtifactName;
    const record = this.nvs.read(NVS_RECORD.artifactName);
    if (record === undefined) return undefined;
    const end = record.indexOf(0);
    this.cachedArtifactName = fromUtf8(record.subarray(0, end < 0 ? record.length : end));
    return this.cachedArtifactName;
  }

  writeArtifactName(name: string): void {
    const text = utf8(name);
    const record = new Uint8Array(text.length + 1);
    record.set(text);
    this.nvs.write(NVS_RECORD.artifactName, record);
    this.cachedArtifactName = name;
  }

  readProvides(): Provides | undefined {
    const record = this.nvs.read(NVS_RECORD.provides);
    return record === undefined ? undefined : parseProvides(fromUtf8(record));
  }

  writeProvides(provides: Provides): void {
    this.nvs.write(NVS_RECORD.provides, utf8(serializeProvides(provides)));
  }

  clearDeploymentLogs(): void {
    this.logs.clear();
  }

  appendDeploymentLog(line: string): void {
    this.logs.append(line);
  }

  readDeploymentLogs(): readonly string[] {
    return this.logs.lines();
  }
}
