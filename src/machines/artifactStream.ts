import type { ArtifactHeaderSummary } from './artifactChecks.ts';

/** A payload block as the reader hands it on (at most 512 bytes). */
export interface StreamedPayloadBlock {
  readonly fileName: string;
  readonly offset: number;
  readonly size: number;
  readonly data: Uint8Array;
}

export interface DeviceArtifactHandlers {
  /** Called once header.tar is read; throwing refuses the artifact. */
  onHeader(header: ArtifactHeaderSummary): void;
  /** Called per block; throwing aborts the stream. */
  onPayloadBlock(block: StreamedPayloadBlock): void;
}

/** The part of the artifact reader the client uses. */
export interface DeviceArtifactStream {
  push(chunk: Uint8Array): void;
  /** Finishes reading; throws when a final check (payload checksums) fails. */
  end(): void;
}

/**
 * Opens the artifact reader in device mode (mender-mcu's parser).
 * Placeholder until src/artifact exports its streaming reader: every
 * download fails with a message saying so.
 */
export function openDeviceArtifactStream(
  _handlers: DeviceArtifactHandlers,
): DeviceArtifactStream {
  const unavailable = () => {
    throw new Error('The artifact reader is not available yet (src/artifact)');
  };
  return { push: unavailable, end: unavailable };
}
