import type { HttpRequest } from '../sim/index.ts';
import type { ClientSettings } from '../machines/clientSettings.ts';
import type { NvsStore } from './flash/nvs.ts';

/** The app's `get_identity` answer: one name/value pair. */
export interface IdentityPair {
  readonly name: string;
  readonly value: string;
}

/**
 * What the device needs from its key pair and signer (tls.c, api.c). The
 * implementation lives in src/devices/identity; the device only calls it
 * through the kernel's deferred work so the results arrive in order.
 */
export interface DeviceIdentity {
  /**
   * Loads the key pair from NVS records 1 and 2, or generates and stores
   * one; `recommission` deletes the stored pair first.
   */
  loadKeys(nvs: NvsStore, recommission: boolean): void | Promise<void>;
  /** The signed auth request exactly as the client sends it. */
  createAuthRequest(
    nvs: NvsStore,
    settings: ClientSettings,
    identity: IdentityPair,
  ): HttpRequest | Promise<HttpRequest>;
}

/** A MAC in the reference app's form: lowercase, colon-separated. */
export function macAddressFor(index: number): string {
  const bytes = [
    0x02,
    0x00,
    (index >>> 24) & 0xff,
    (index >>> 16) & 0xff,
    (index >>> 8) & 0xff,
    index & 0xff,
  ];
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}
