import {
  ArtifactError,
  readArtifactAsync,
  type ArtifactInfo,
} from '../../artifact/index.ts';
import { badRequest } from '../http/errors.ts';
import type { ArtifactFacts } from './artifacts.ts';

/**
 * Reads an uploaded file in server mode (compressed payloads and signed
 * artifacts accepted, as `mender-artifact read` does) and keeps what
 * deployments stores: provides and depends merged from the header and the
 * payloads, the device types of `artifact_depends`, and the payload files.
 * A file that is not a valid artifact is a 400 naming what is wrong.
 */
export async function readArtifactFacts(bytes: Uint8Array): Promise<ArtifactFacts> {
  let info: ArtifactInfo;
  try {
    info = await readArtifactAsync(bytes, { mode: 'server' });
  } catch (error) {
    if (error instanceof ArtifactError) {
      throw badRequest(`Cannot parse artifact file: ${error.message}`);
    }
    throw error;
  }
  return factsFrom(info);
}

/** The stored description of an artifact the reader has read. */
export function factsFrom(info: ArtifactInfo): ArtifactFacts {
  const provides: Record<string, string> = { ...info.provides };
  const depends: Record<string, unknown> = { ...info.depends };
  const clearsProvides: string[] = [];
  for (const payload of info.payloads) {
    Object.assign(provides, payload.provides);
    Object.assign(depends, payload.depends);
    for (const pattern of payload.clearsProvides) {
      if (!clearsProvides.includes(pattern)) clearsProvides.push(pattern);
    }
  }
  return {
    name: info.artifactName,
    deviceTypesCompatible: info.deviceTypes,
    version: info.formatVersion,
    signed: info.signature.signed,
    updates: info.payloads.map((payload) => ({
      type: payload.type,
      files: payload.files.map((file) => ({
        name: file.name,
        checksum: file.sha256,
        size: file.size,
      })),
      metaData: payload.metaData === undefined ? [] : [payload.metaData],
    })),
    provides,
    depends,
    clearsProvides,
  };
}
