/**
 * A minimal device for the server's own tests: a P-256 key, signed auth
 * requests and the device API calls mender-mcu makes. The simulated MCU
 * client lives in src/devices; this only exercises the server.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';

import {
  fromUtf8,
  utf8,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
} from '../../sim/index.ts';
import { encodeBase64 } from '../crypto/base64.ts';
import { toPem } from '../crypto/publicKeys.ts';
import { writeArtifact } from '../../artifact/index.ts';
import type { MockServer } from '../mockServer.ts';

export const API = 'https://eu.hosted.mender.io';

/** DER prefix of a P-256 SubjectPublicKeyInfo holding an uncompressed point. */
const P256_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
  0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
]);

/** A device key: secret bytes from a test seed, so tests are deterministic. */
export function p256Key(seed: number): { secret: Uint8Array; pem: string } {
  const secret = sha256(utf8(`test device key ${seed}`));
  const point = p256.getPublicKey(secret, false);
  const spki = new Uint8Array(P256_SPKI_PREFIX.length + point.length);
  spki.set(P256_SPKI_PREFIX);
  spki.set(point, P256_SPKI_PREFIX.length);
  return { secret, pem: toPem(spki).trimEnd() };
}

/** A DER ECDSA signature over SHA-256 of the body, as mbedTLS writes it. */
export function signDer(secret: Uint8Array, body: Uint8Array): string {
  return encodeBase64(
    p256.sign(sha256(body), secret, { prehash: false, format: 'der', lowS: false }),
  );
}

/** The same signature as raw r‖s, what WebCrypto gives and the server refuses. */
export function signRaw(secret: Uint8Array, body: Uint8Array): string {
  return encodeBase64(
    p256.sign(sha256(body), secret, { prehash: false, format: 'compact' }),
  );
}

export interface TestDeviceOptions {
  readonly mac: string;
  readonly keySeed?: number;
  readonly deviceType?: string;
  readonly artifactName?: string;
  readonly tier?: string;
}

export class TestDevice {
  readonly key: { secret: Uint8Array; pem: string };
  readonly deviceType: string;
  artifactName: string;
  token: string | undefined;

  constructor(
    private readonly server: MockServer,
    readonly options: TestDeviceOptions,
  ) {
    this.key = p256Key(options.keySeed ?? hash(options.mac));
    this.deviceType = options.deviceType ?? 'esp32s3';
    this.artifactName = options.artifactName ?? 'release-1';
  }

  get identity(): Record<string, string> {
    return { mac: this.options.mac };
  }

  /** The auth request body in mender-mcu's field order. */
  authBody(pem = this.key.pem): Uint8Array {
    const fields: Record<string, string> = {
      id_data: JSON.stringify(this.identity),
      pubkey: pem,
    };
    if (this.server.tenantToken !== undefined)
      fields['tenant_token'] = this.server.tenantToken;
    if (this.options.tier !== undefined) fields['tier'] = this.options.tier;
    return utf8(JSON.stringify(fields));
  }

  authRequest(
    body = this.authBody(),
    signature: string | null = signDer(this.key.secret, body),
  ): HttpRequest {
    const headers: HttpHeader[] = [['Content-Type', 'application/json']];
    if (signature !== null) headers.push(['X-MEN-Signature', signature]);
    return {
      method: 'POST',
      url: `${API}/api/devices/v1/authentication/auth_requests`,
      headers,
      body,
    };
  }

  /** Authenticates; keeps the token on 200. */
  async authenticate(): Promise<HttpResponse> {
    const response = await this.server.routing(this.authRequest());
    if (response.status === 200) this.token = fromUtf8(response.body);
    return response;
  }

  /** The device's id on the server, once it has asked to authenticate. */
  get id(): string {
    const device = this.server.findDevice(this.identity);
    if (device === undefined)
      throw new Error(`device ${this.options.mac} is unknown to the server`);
    return device.id;
  }

  /** Auth request, operator accepts, auth again: the device holds a token. */
  async admit(): Promise<void> {
    await this.authenticate();
    this.server.acceptDevice(this.id);
    const response = await this.authenticate();
    if (response.status !== 200)
      throw new Error(`admission failed with ${response.status}`);
  }

  call(
    method: string,
    path: string,
    body?: unknown,
    extra: readonly HttpHeader[] = [],
  ): HttpResponse | Promise<HttpResponse> {
    const headers: HttpHeader[] = [];
    if (this.token !== undefined) headers.push(['Authorization', `Bearer ${this.token}`]);
    if (body !== undefined) headers.push(['Content-Type', 'application/json']);
    headers.push(...extra);
    return this.server.routing({
      method,
      url: path.startsWith('http') ? path : `${API}${path}`,
      headers,
      body: body === undefined ? new Uint8Array(0) : utf8(JSON.stringify(body)),
    });
  }

  /** mender-mcu's v2 check. */
  nextV2(artifactName = this.artifactName) {
    return this.call('POST', '/api/devices/v2/deployments/device/deployments/next', {
      device_provides: { device_type: this.deviceType, artifact_name: artifactName },
    });
  }

  /** The v1 GET fallback. */
  nextV1(artifactName = this.artifactName) {
    return this.call(
      'GET',
      `/api/devices/v1/deployments/device/deployments/next?artifact_name=${encodeURIComponent(artifactName)}&device_type=${encodeURIComponent(this.deviceType)}`,
    );
  }

  status(deploymentId: string, status: string) {
    return this.call(
      'PUT',
      `/api/devices/v1/deployments/device/deployments/${deploymentId}/status`,
      { status },
    );
  }

  inventory(method: 'PUT' | 'PATCH', attributes: unknown) {
    return this.call(method, '/api/devices/v1/inventory/device/attributes', attributes);
  }
}

/** A management API call with the administrator's token; a body goes as JSON. */
export async function manage(
  server: MockServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpResponse> {
  const headers: HttpHeader[] = [['Authorization', `Bearer ${server.managementToken}`]];
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  return server.routing({
    method,
    url: `${API}${path}`,
    headers,
    body: body === undefined ? new Uint8Array(0) : utf8(JSON.stringify(body)),
  });
}

/** The body of a response as JSON. */
export function json(response: HttpResponse): unknown {
  return JSON.parse(fromUtf8(response.body));
}

function hash(text: string): number {
  let value = 0;
  for (let index = 0; index < text.length; index++)
    value = (value * 31 + text.charCodeAt(index)) | 0;
  return value;
}

/** Builds a small uncompressed artifact with the artifact module's writer and uploads it. */
export async function uploadArtifact(
  server: MockServer,
  artifactName: string,
  deviceTypes: readonly string[],
  payloadSize = 2048,
) {
  const data = new Uint8Array(payloadSize);
  for (let index = 0; index < data.length; index++)
    data[index] = (index * 7 + artifactName.length) & 0xff;
  const bytes = writeArtifact({
    artifactName,
    payloadType: 'zephyr-image',
    deviceTypes,
    files: [{ name: 'zephyr.signed.bin', data }],
  });
  return { artifact: await server.uploadArtifact(bytes), bytes };
}
