import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { utf8 } from '../../sim/index.ts';
import type { ServerContext } from '../context.ts';
import type { ArtifactRecord } from '../state.ts';
import { formatGoTime } from '../time.ts';

/**
 * The host that stands for object storage (S3 in hosted Mender): artifact
 * links point here, not at the API host, so a device that lacks this host's
 * CA certificate fails its download as a real one would. `.test` is a
 * reserved top-level domain, so nothing can ever leave the simulation.
 */
export const ARTIFACT_STORAGE_ORIGIN = 'https://mender-artifacts.object-storage.test';

/** The bucket path under which artifacts are served on the storage host. */
export const ARTIFACT_STORAGE_PATH_PREFIX = '/mender-artifact-storage/';

/** How long a device's download link stays valid: deployments' 24 h default. */
export const DOWNLOAD_LINK_LIFETIME_MS = 24 * 3600 * 1000;

/** The link `next` and the management download endpoint hand out. */
export interface DownloadLink {
  readonly uri: string;
  /** RFC 3339, as deployments writes `expire`. */
  readonly expire: string;
}

/** Why a storage request is refused, in S3's terms. */
export type LinkRefusal = 'AccessDenied' | 'SignatureDoesNotMatch' | 'ExpiredRequest';

/** A link checked against its signature and expiry. */
export type LinkCheck =
  | {
      readonly ok: true;
      readonly artifactId: string;
      readonly disposition: string | undefined;
    }
  | { readonly ok: false; readonly refusal: LinkRefusal; readonly message: string };

/**
 * Pre-signed links in the manner of S3's query-string signing: the date, the
 * lifetime and an HMAC over the object path and parameters. Dates are
 * virtual; the secret comes from the seeded state.
 */
export class ArtifactLinks {
  private readonly secret: Uint8Array;

  constructor(private readonly context: ServerContext) {
    this.secret = hexToBytes(context.state.storageSecretHex);
  }

  create(artifact: ArtifactRecord, lifetimeMs = DOWNLOAD_LINK_LIFETIME_MS): DownloadLink {
    const { clock, state } = this.context;
    // S3 signs in whole seconds, and deployments dates the link from that.
    const signedAtUnixMs = Math.floor(clock.toUnixMs(clock.now()) / 1000) * 1000;
    const path = `${ARTIFACT_STORAGE_PATH_PREFIX}${state.tenant !== undefined ? `${state.tenant.id}/` : ''}${artifact.id}`;
    const date = amzDate(signedAtUnixMs);
    const expires = String(Math.floor(lifetimeMs / 1000));
    const disposition = `attachment; filename="${artifact.name}.mender"`;
    const signature = this.sign(path, date, expires, disposition);
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': date,
      'X-Amz-Expires': expires,
      'X-Amz-SignedHeaders': 'host',
      'response-content-disposition': disposition,
      'X-Amz-Signature': signature,
    });
    return {
      uri: `${ARTIFACT_STORAGE_ORIGIN}${path}?${query.toString()}`,
      expire: formatGoTime(signedAtUnixMs + lifetimeMs),
    };
  }

  /** Checks a storage URL: signed by us, not expired; names the artifact. */
  check(path: string, query: string): LinkCheck {
    const parameters = new URLSearchParams(query);
    const date = parameters.get('X-Amz-Date');
    const expires = parameters.get('X-Amz-Expires');
    const signature = parameters.get('X-Amz-Signature');
    const disposition = parameters.get('response-content-disposition') ?? undefined;
    if (date === null || expires === null || signature === null) {
      return { ok: false, refusal: 'AccessDenied', message: 'Access Denied' };
    }
    if (this.sign(path, date, expires, disposition ?? '') !== signature) {
      return {
        ok: false,
        refusal: 'SignatureDoesNotMatch',
        message:
          'The request signature we calculated does not match the signature you provided.',
      };
    }
    const signedAt = parseAmzDate(date);
    const { clock } = this.context;
    if (
      signedAt === undefined ||
      clock.toUnixMs(clock.now()) > signedAt + Number(expires) * 1000
    ) {
      return { ok: false, refusal: 'AccessDenied', message: 'Request has expired' };
    }
    const artifactId = path.slice(path.lastIndexOf('/') + 1);
    return { ok: true, artifactId, disposition };
  }

  private sign(path: string, date: string, expires: string, disposition: string): string {
    return bytesToHex(
      hmac(sha256, this.secret, utf8(`${path}\n${date}\n${expires}\n${disposition}`)),
    );
  }
}

/** `20260101T000000Z`, the form of S3's `X-Amz-Date`. */
function amzDate(unixMs: number): string {
  return new Date(unixMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
}

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
