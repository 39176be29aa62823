/**
 * Everything that can be wrong with a Mender Artifact, as one error class
 * with a code the UI and the simulated client can branch on.
 */

/** Why an artifact could not be read. */
export type ArtifactErrorCode =
  /** The input ended inside a member, or before the header was complete. */
  | 'truncated'
  /** The first block is not a tar header: the file is not an artifact at all. */
  | 'not-a-tar'
  /** A tar header block is damaged (checksum, magic or a number field). */
  | 'tar-header-invalid'
  /** A member is missing, out of place or not part of the format. */
  | 'member-unexpected'
  /** `version` is not JSON, or its format is not "mender". */
  | 'version-invalid'
  /** `version` names a format version other than 3. */
  | 'version-unsupported'
  /** A `manifest` line is not "<64 hex>  <path>". */
  | 'manifest-invalid'
  /** A member or payload file has no line in the manifest. */
  | 'checksum-missing'
  /** A member or payload file does not hash to its manifest line. */
  | 'checksum-mismatch'
  /** The manifest lists a file that the artifact does not contain. */
  | 'file-missing'
  /** A payload file name is not allowed or not expected for its payload. */
  | 'file-unexpected'
  /** The header archive has no `header-info`, or not as its first entry. */
  | 'header-info-missing'
  /** `header-info` is not valid JSON or lacks a required field. */
  | 'header-info-invalid'
  /** `type-info` is not valid JSON or has fields of the wrong type. */
  | 'type-info-invalid'
  /** `meta-data` is not a JSON object. */
  | 'meta-data-invalid'
  /** The header archive holds an entry that the format does not define. */
  | 'header-entry-unexpected'
  /** A metadata file is larger than the reader's `maxMetadataBytes`. */
  | 'metadata-too-large'
  /** The archive is compressed in a way this reader (or mode) cannot read. */
  | 'compression-unsupported'
  /** xz needs the asynchronous path: call `endAsync()` or `readArtifactAsync()`. */
  | 'compression-needs-async'
  /** A compressed member is corrupt or ends early. */
  | 'decompression-failed'
  /** No update module is registered for the payload type (device mode). */
  | 'payload-type-unsupported'
  /** More payloads than the reader's mode can handle. */
  | 'payload-count-unsupported'
  /** The caller's `onHeader` check refused the artifact. */
  | 'header-rejected'
  /** The caller's `onPayloadBlock` sink failed. */
  | 'payload-sink-failed'
  /** A key was given but the artifact carries no `manifest.sig`. */
  | 'signature-missing'
  /** `manifest.sig` does not verify with the given key. */
  | 'signature-invalid'
  /** The public key is not a PEM/DER P-256 or RSA key. */
  | 'signature-key-invalid'
  /** RSA needs WebCrypto: call `endAsync()` or `readArtifactAsync()`. */
  | 'signature-needs-async'
  /** `push()` or `end()` was called after the reader had finished (or while `endAsync` runs). */
  | 'reader-closed'
  /** `push()` or `end()` was called from inside one of the reader's callbacks. */
  | 'reader-busy'
  /** A fault in this reader itself; the message carries the original error. */
  | 'internal';

/** Where in the artifact the problem was found. */
export interface ArtifactErrorLocation {
  /** Outer tar member, such as `header.tar` or `data/0000.tar`; '' before any. */
  readonly member: string;
  /** Entry inside the member's own archive, such as `headers/0000/type-info`. */
  readonly entry?: string;
  /**
   * Byte offset in the artifact: the tar block concerned for framing errors,
   * the end of the input for truncation, otherwise the member's header block.
   */
  readonly offset: number;
}

interface ArtifactErrorOptions extends ArtifactErrorLocation {
  /**
   * What mender-mcu logs for the same failure, when the reader runs in
   * device mode and the client has a specific message for it.
   */
  readonly clientMessage?: string;
  readonly cause?: unknown;
}

/** A Mender Artifact that cannot be read, with the reason in plain words. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
  readonly code: ArtifactErrorCode;
  readonly member: string;
  readonly entry: string | undefined;
  readonly offset: number;
  readonly clientMessage: string | undefined;

  constructor(code: ArtifactErrorCode, message: string, options: ArtifactErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.member = options.member;
    this.entry = options.entry;
    this.offset = options.offset;
    this.clientMessage = options.clientMessage;
  }
}

/** Gives any thrown value the artifact location it happened at. */
export function asArtifactError(
  error: unknown,
  code: ArtifactErrorCode,
  describe: (reason: string) => string,
  location: ArtifactErrorLocation,
): ArtifactError {
  if (error instanceof ArtifactError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ArtifactError(code, describe(reason), { ...location, cause: error });
}

/** A description given to `writeArtifact` that cannot make a valid artifact. */
export class ArtifactSpecError extends Error {
  override readonly name = 'ArtifactSpecError';

  constructor(
    /** The spec field at fault, such as `deviceTypes` or `files[1].name`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
