import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { ApiError, badRequest, conflict, notFound } from '../http/errors.ts';
import type { ServerContext } from '../context.ts';
import { encodeBase64 } from '../crypto/base64.ts';
import type { ArtifactRecord, ArtifactUpdate } from '../state.ts';

/** The media type deployments stores artifacts under in object storage. */
export const ARTIFACT_MEDIA_TYPE = 'application/vnd.mender-artifact';

/** What the server keeps of an uploaded artifact, read in server mode. */
export interface ArtifactFacts {
  readonly name: string;
  /** `artifact_depends.device_type`. */
  readonly deviceTypesCompatible: readonly string[];
  readonly version: number;
  readonly signed: boolean;
  readonly updates: readonly ArtifactUpdate[];
  readonly provides: Readonly<Record<string, string>>;
  readonly depends: Readonly<Record<string, unknown>>;
  readonly clearsProvides: readonly string[];
}

/**
 * Reads an uploaded `.mender` file. The one place the server calls the
 * artifact reader; a refusal is an `ApiError` 400 naming what is wrong.
 */
export type ArtifactFactsReader = (
  bytes: Uint8Array,
) => ArtifactFacts | Promise<ArtifactFacts>;

/** The artifacts deployments knows; a release is the artifacts of one name. */
export class Artifacts {
  constructor(
    private readonly context: ServerContext,
    private readonly readFacts: ArtifactFactsReader,
  ) {}

  /**
   * `POST /api/management/v1/deployments/artifacts`: reads the file and
   * stores it. Same name with an overlapping device type is a 409, as
   * deployments refuses "an artifact with the same name and depends".
   */
  upload(
    bytes: Uint8Array,
    description: string,
  ): ArtifactRecord | Promise<ArtifactRecord> {
    const facts = this.readFacts(bytes);
    return facts instanceof Promise
      ? facts.then((read) => this.store(read, bytes, description))
      : this.store(facts, bytes, description);
  }

  private store(
    facts: ArtifactFacts,
    bytes: Uint8Array,
    description: string,
  ): ArtifactRecord {
    if (facts.deviceTypesCompatible.length === 0) {
      throw badRequest('Artifact not supported: no compatible device types');
    }
    const clash = Object.values(this.context.state.artifacts).find(
      (existing) =>
        existing.name === facts.name &&
        existing.deviceTypesCompatible.some((type) =>
          facts.deviceTypesCompatible.includes(type),
        ),
    );
    if (clash !== undefined) {
      throw conflict('Artifact not unique');
    }
    const { ids, clock, state } = this.context;
    const record: ArtifactRecord = {
      id: ids.next(),
      name: facts.name,
      description,
      deviceTypesCompatible: facts.deviceTypesCompatible,
      format: 'mender',
      version: facts.version,
      signed: facts.signed,
      updates: facts.updates,
      provides: facts.provides,
      depends: facts.depends,
      clearsProvides: facts.clearsProvides,
      size: bytes.length,
      modifiedAt: clock.now(),
      bytesBase64: encodeBase64(bytes),
    };
    state.artifacts[record.id] = record;
    return record;
  }

  get(id: string): ArtifactRecord {
    const artifact = this.context.state.artifacts[id];
    if (artifact === undefined) throw notFound('Resource not found');
    return artifact;
  }

  /** `DELETE .../artifacts/{id}`: refused while an unfinished deployment uses it. */
  delete(id: string, inUse: (id: string) => boolean): void {
    this.get(id);
    if (inUse(id)) throw new ApiError(409, 'Artifact is used in active deployment');
    delete this.context.state.artifacts[id];
    this.bytesCache.delete(id);
  }

  /** All artifacts, oldest first. */
  list(): ArtifactRecord[] {
    return Object.values(this.context.state.artifacts);
  }

  private readonly bytesCache = new Map<string, { bytes: Uint8Array; etag: string }>();

  /** The stored file and its ETag, decoded once and kept. */
  contents(id: string): { bytes: Uint8Array; etag: string } | undefined {
    const cached = this.bytesCache.get(id);
    if (cached !== undefined) return cached;
    const artifact = this.context.state.artifacts[id];
    if (artifact === undefined) return undefined;
    const binary = atob(artifact.bytesBase64);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++)
      bytes[index] = binary.charCodeAt(index);
    const entry = { bytes, etag: `"${bytesToHex(sha256(bytes)).slice(0, 32)}"` };
    this.bytesCache.set(id, entry);
    return entry;
  }
}
