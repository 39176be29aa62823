import { ArtifactReader, type ArtifactHeader } from '../artifact/index.ts';
import type { ArtifactHeaderSummary } from './artifactChecks.ts';

/** A payload block as the reader hands it on (at most 512 bytes). */
export interface StreamedPayloadBlock {
  readonly fileName: string;
  readonly offset: number;
  readonly size: number;
  readonly data: Uint8Array;
}

export interface DeviceArtifactHandlers {
  /** Whether an update module is registered for a payload type. */
  acceptPayloadType(type: string): boolean;
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

/** What the client keeps of the header: payload 0 only (single payload). */
export function summarizeHeader(header: ArtifactHeader): ArtifactHeaderSummary {
  const payload = header.payloads[0];
  return {
    artifactName: header.artifactName,
    payloadTypes: header.payloadTypes.filter((type): type is string => type !== null),
    deviceTypes: header.deviceTypes,
    provides: Object.entries(payload?.provides ?? {}),
    depends: Object.entries(payload?.depends ?? {}),
    clearsProvides: payload?.clearsProvides ?? [],
    metaData: payload?.metaData ?? null,
  };
}

/** Opens the artifact reader in device mode (mender-mcu's streaming parser). */
export function openDeviceArtifactStream(
  handlers: DeviceArtifactHandlers,
): DeviceArtifactStream {
  const reader = new ArtifactReader({
    mode: 'device',
    acceptPayloadType: (type) => handlers.acceptPayloadType(type),
    onHeader: (header) => handlers.onHeader(summarizeHeader(header)),
    onPayloadBlock: (block) => handlers.onPayloadBlock(block),
  });
  return {
    push: (chunk) => reader.push(chunk),
    end: () => {
      reader.end();
    },
  };
}
