import type { HttpHeader } from '../../sim/index.ts';

/** The versions a simulated device reports, in User-Agent and build-info inventory. */
export interface ClientBuildVersions {
  /** mender-mcu's version (`mender_client_version()`). */
  readonly client: string;
  /** Zephyr's kernel version string. */
  readonly zephyr: string;
}

/**
 * What the product simulates by default: mender-mcu 1.0.0 (its first stable
 * release) on Zephyr 4.2.0, the Zephyr release the client's README names as
 * compatible. The reference app's main branch already pins Zephyr 4.4.0,
 * which the 1.0.x client does not support, so 4.2.0 is the pair that runs.
 */
export const CLIENT_BUILD_VERSIONS: ClientBuildVersions = {
  client: '1.0.0',
  zephyr: '4.2.0',
};

/** `Mender/<client> MCU Zephyr/<kernel>`, the client's User-Agent. */
export function userAgent(versions: ClientBuildVersions = CLIENT_BUILD_VERSIONS): string {
  return `Mender/${versions.client} MCU Zephyr/${versions.zephyr}`;
}

export interface ClientRequestHeaderOptions {
  /** The absolute URL the request goes to; Host is taken from it. */
  readonly url: string;
  readonly versions?: ClientBuildVersions;
  /** Sent as `Authorization: Bearer <jwt>` when the client holds a token. */
  readonly jwt?: string;
  /** Base64 signature, only on the auth request. */
  readonly signature?: string;
  /** The JSON body; adds Content-Type and Content-Length. */
  readonly body?: Uint8Array;
  /** Bytes asked for by a ranged artifact download, both ends included. */
  readonly range?: { readonly first: number; readonly last: number };
}

/**
 * The headers of an API request in the order they leave the device: Zephyr's
 * HTTP client writes Host first (the host name only, since mender-mcu gives
 * it no port), then the client's own list (User-Agent, Authorization,
 * X-MEN-Signature, Content-Type; or User-Agent and Range for a ranged
 * artifact download, which never carries Authorization), then
 * Content-Length for a body.
 */
export function clientRequestHeaders(options: ClientRequestHeaderOptions): HttpHeader[] {
  const headers: HttpHeader[] = [
    ['Host', new URL(options.url).hostname],
    ['User-Agent', userAgent(options.versions)],
  ];
  if (options.jwt !== undefined) {
    headers.push(['Authorization', `Bearer ${options.jwt}`]);
  }
  if (options.signature !== undefined) {
    headers.push(['X-MEN-Signature', options.signature]);
  }
  if (options.range !== undefined) {
    headers.push(['Range', `bytes=${options.range.first}-${options.range.last}`]);
  }
  if (options.body !== undefined) {
    headers.push(['Content-Type', 'application/json']);
  }
  // Zephyr's HTTP client adds the length itself, after the client's headers.
  if (options.body !== undefined && options.body.length > 0) {
    headers.push(['Content-Length', String(options.body.length)]);
  }
  return headers;
}
