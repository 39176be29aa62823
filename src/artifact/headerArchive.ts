/**
 * The contents of `header.tar`: `header-info` first, optional `scripts/`,
 * then `headers/NNNN/type-info` and `headers/NNNN/meta-data` per payload.
 * Metadata files are buffered whole (up to a limit); scripts are skipped.
 */
import { ByteCollector } from './byteCollector.ts';
import { ArtifactError, asArtifactError, type ArtifactErrorLocation } from './errors.ts';
import {
  parseHeaderInfo,
  parseMetaData,
  parseTypeInfo,
  type HeaderInfo,
  type TypeInfo,
} from './metadata.ts';
import type { TarEntry, TarEvents } from './tarParser.ts';
import type { ArtifactMode, PayloadHeader } from './types.ts';

export interface HeaderArchiveOptions {
  readonly mode: ArtifactMode;
  readonly maxMetadataBytes: number;
  /** Device mode: whether an update module handles a payload type. */
  readonly acceptPayloadType: ((type: string) => boolean) | undefined;
  /** Maps an offset inside the header archive to a location in the artifact. */
  readonly locate: (innerOffset: number, entry?: string) => ArtifactErrorLocation;
}

/** What `header.tar` held, once its end has been read. */
export interface HeaderContents {
  readonly info: HeaderInfo;
  readonly payloads: readonly PayloadHeader[];
  readonly stateScripts: readonly string[];
}

type Slot = { kind: 'header-info' } | { kind: 'type-info' | 'meta-data'; index: number };

const PAYLOAD_ENTRY = /^headers\/(\d+)\/(type-info|meta-data)$/;

/** Collects and checks the entries of a header archive; see the module comment. */
export class HeaderArchive implements TarEvents {
  private info: HeaderInfo | undefined;
  private readonly typeInfos = new Map<number, TypeInfo>();
  private readonly metaData = new Map<number, Record<string, unknown> | undefined>();
  private readonly scripts: string[] = [];
  /** A `headers/` entry has been read; mender-artifact wants scripts before them. */
  private inPayloadHeaders = false;
  private slot: Slot | undefined;
  private buffer = new ByteCollector();
  private finished = false;

  constructor(private readonly options: HeaderArchiveOptions) {}

  entry(entry: TarEntry): void {
    this.slot = undefined;
    if (entry.kind === 'directory') return;
    const slot = this.slotFor(entry);
    if (slot === undefined) return;
    if (entry.size > this.options.maxMetadataBytes) {
      throw new ArtifactError(
        'metadata-too-large',
        `${entry.name} is ${entry.size} bytes, over the ${this.options.maxMetadataBytes}-byte ` +
          'limit for metadata files. Keep meta-data small, or raise maxMetadataBytes.',
        this.options.locate(entry.offset, entry.name),
      );
    }
    this.slot = slot;
    this.buffer = new ByteCollector();
  }

  data(bytes: Uint8Array): void {
    if (this.slot === undefined) return;
    this.buffer.add(bytes);
  }

  entryEnd(entry: TarEntry): void {
    const slot = this.slot;
    this.slot = undefined;
    if (slot === undefined) return;
    const location = this.options.locate(entry.offset, entry.name);
    const bytes = this.buffer.bytes();
    if (slot.kind === 'header-info') {
      this.info = parseHeaderInfo(bytes, this.options.mode, location);
      this.checkPayloadTypes(this.info, location);
    } else if (slot.kind === 'type-info') {
      this.typeInfos.set(slot.index, parseTypeInfo(bytes, this.options.mode, location));
    } else {
      this.metaData.set(slot.index, parseMetaData(bytes, this.options.mode, location));
    }
  }

  end(): void {
    this.finished = true;
  }

  /** The parsed header; throws when the archive lacked something required. */
  contents(): HeaderContents {
    const location = this.options.locate(0);
    const info = this.info;
    if (!this.finished || info === undefined) {
      throw new ArtifactError(
        'header-info-missing',
        'The header archive has no header-info. Rebuild the artifact with mender-artifact.',
        location,
      );
    }
    const payloads = info.payloadTypes.map((type, index) => {
      const typeInfo = this.typeInfos.get(index);
      if (typeInfo === undefined && this.options.mode === 'server') {
        throw new ArtifactError(
          'type-info-invalid',
          `The header archive has no headers/${pad(index)}/type-info for payload ${index}. ` +
            'Rebuild the artifact with mender-artifact.',
          location,
        );
      }
      return {
        index,
        type,
        typeInfoType: typeInfo?.type,
        provides: typeInfo?.provides ?? {},
        depends: typeInfo?.depends ?? {},
        clearsProvides: typeInfo?.clearsProvides ?? [],
        metaData: this.metaData.get(index),
      };
    });
    return { info, payloads, stateScripts: this.scripts };
  }

  /** Which buffer an entry fills, or undefined to skip it. */
  private slotFor(entry: TarEntry): Slot | undefined {
    const { name } = entry;
    const fail = (code: 'header-info-missing' | 'header-entry-unexpected', why: string) =>
      new ArtifactError(code, why, this.options.locate(entry.offset, name));

    // mender-mcu drops entries it does not know, wherever they are.
    const dropsUnknown = this.options.mode === 'device' && !PAYLOAD_ENTRY.test(name);
    if (this.info === undefined && name !== 'header-info' && !dropsUnknown) {
      throw fail(
        'header-info-missing',
        `The header archive starts with ${name}; header-info must come first. ` +
          'Rebuild the artifact with mender-artifact.',
      );
    }
    if (name === 'header-info') {
      if (this.info === undefined) return { kind: 'header-info' };
      throw fail(
        'header-entry-unexpected',
        'The header archive holds header-info twice.',
      );
    }
    if (name.startsWith('scripts/')) {
      if (this.inPayloadHeaders && this.options.mode === 'server') {
        throw fail(
          'header-entry-unexpected',
          `The header archive holds ${name} after headers/; state scripts must come first.`,
        );
      }
      this.scripts.push(name.slice('scripts/'.length));
      return undefined;
    }
    const match = PAYLOAD_ENTRY.exec(name);
    if (match === null) {
      // mender-mcu drops entries it does not know; mender-artifact refuses them.
      if (this.options.mode === 'device') return undefined;
      throw fail(
        'header-entry-unexpected',
        `The header archive holds ${name}, which the artifact format does not define.`,
      );
    }
    this.inPayloadHeaders = true;
    const kind = match[2] as 'type-info' | 'meta-data';
    const index = Number(match[1]);
    // mender-mcu files every type-info under payload 0, whatever its directory.
    if (this.options.mode === 'device' && kind === 'type-info') return { kind, index: 0 };
    const count = this.info?.payloadTypes.length ?? 0;
    if (index < count) return { kind, index };
    throw fail(
      'header-entry-unexpected',
      `${name} belongs to payload ${index}, but header-info lists ${count} payload(s).`,
    );
  }

  /** The caller's `acceptPayloadType`; its failure refuses the artifact, like `onHeader`'s. */
  private accepts(
    accept: (type: string) => boolean,
    type: string,
    location: ArtifactErrorLocation,
  ): boolean {
    try {
      return accept(type);
    } catch (error) {
      throw asArtifactError(
        error,
        'header-rejected',
        (reason) => `The check of payload type "${type}" failed: ${reason}`,
        location,
      );
    }
  }

  private checkPayloadTypes(info: HeaderInfo, location: ArtifactErrorLocation): void {
    if (this.options.mode !== 'device') return;
    if (info.payloadTypes.length > 1) {
      throw new ArtifactError(
        'payload-count-unsupported',
        `The artifact has ${info.payloadTypes.length} payloads; mender-mcu installs ` +
          'artifacts with exactly one. Build one artifact per payload.',
        location,
      );
    }
    const accept = this.options.acceptPayloadType;
    for (const type of info.payloadTypes) {
      if (type === null || accept === undefined || this.accepts(accept, type, location))
        continue;
      throw new ArtifactError(
        'payload-type-unsupported',
        `No update module on the device handles the payload type "${type}". ` +
          'Register a module for it, or build the artifact for a type the device has.',
        { ...location, clientMessage: `Unable to handle artifact type '${type}'` },
      );
    }
  }
}

function pad(index: number): string {
  return String(index).padStart(4, '0');
}
