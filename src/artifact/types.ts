/**
 * What the artifact reader reports. Names follow the artifact format
 * (reference/mender-artifact-format.md) in camelCase.
 */

/**
 * `device` reads like mender-mcu (uncompressed only, signatures skipped, one
 * payload); `server` reads like `mender-artifact read` for user uploads.
 */
export type ArtifactMode = 'device' | 'server';

/** How an inner archive is compressed, from its member name's suffix. */
export type Compression = 'none' | 'gzip' | 'xz' | 'zstd';

/** One piece of a payload file, as mender-mcu hands it to an update module. */
export interface PayloadBlock {
  readonly payloadIndex: number;
  /** The payload type, such as `zephyr-image`. */
  readonly payloadType: string | null;
  readonly fileName: string;
  /** Where `data` starts in the file: always a multiple of 512. */
  readonly offset: number;
  /** Size of the whole file. */
  readonly size: number;
  /**
   * At most 512 bytes: 512 except for the file's last block. A view into the
   * reader's buffers, valid only during the call: copy it to keep it.
   */
  readonly data: Uint8Array;
}

/** One payload as `header.tar` describes it (`type-info` and `meta-data`). */
export interface PayloadHeader {
  readonly index: number;
  /** The type from `header-info`; null for an empty payload (bootstrap artifacts). */
  readonly type: string | null;
  /** The type `type-info` repeats; some old rootfs artifacts leave it "". */
  readonly typeInfoType: string | null | undefined;
  readonly provides: Readonly<Record<string, string>>;
  readonly depends: Readonly<Record<string, string | readonly string[]>>;
  /** Glob patterns (`*` wildcard) of stored provides to drop on install. */
  readonly clearsProvides: readonly string[];
  /** The update module's free-form object; undefined when absent or empty. */
  readonly metaData: Readonly<Record<string, unknown>> | undefined;
}

/** Everything known once `header.tar` has been read and its checksum verified. */
export interface ArtifactHeader {
  readonly formatVersion: number;
  readonly artifactName: string;
  readonly artifactGroup: string | undefined;
  readonly payloadTypes: readonly (string | null)[];
  /** `artifact_depends.device_type` of `header-info`. */
  readonly deviceTypes: readonly string[];
  /** `artifact_provides` of `header-info` (artifact_name, artifact_group). */
  readonly provides: Readonly<Record<string, string>>;
  /** `artifact_depends` of `header-info`, every value as a list. */
  readonly depends: Readonly<Record<string, readonly string[]>>;
  readonly payloads: readonly PayloadHeader[];
  /** State script names in `scripts/`; mender-mcu ignores them. */
  readonly stateScripts: readonly string[];
  readonly headerCompression: Compression;
  readonly signature: ArtifactSignature;
  /** The manifest: path to lowercase hex SHA-256. */
  readonly manifest: Readonly<Record<string, string>>;
}

/** A file of a payload, after its bytes have been read and hashed. */
export interface PayloadFile {
  readonly name: string;
  readonly size: number;
  /** SHA-256 of the content as read, lowercase hex. */
  readonly sha256: string;
  /** Modification time from the tar header, seconds since 1970. */
  readonly modified: number;
}

export interface ArtifactPayload extends PayloadHeader {
  readonly files: readonly PayloadFile[];
  /** Compression of `data/NNNN.tar*`; undefined when the member is absent. */
  readonly compression: Compression | undefined;
}

export interface ArtifactSignature {
  /** The artifact carries `manifest.sig`. */
  readonly signed: boolean;
  /** The signature was checked against the given key and holds. */
  readonly verified: boolean;
  /** How the signature is encoded, once known. */
  readonly algorithm?: 'ecdsa-p256-raw' | 'ecdsa-p256-der' | 'rsa-pkcs1v15';
}

/** The complete, verified description of an artifact. */
export interface ArtifactInfo extends ArtifactHeader {
  readonly payloads: readonly ArtifactPayload[];
  /** Bytes pushed into the reader, including any after the tar end marker. */
  readonly size: number;
}
