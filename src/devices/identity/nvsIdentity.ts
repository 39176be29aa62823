import type { SeededRandom } from '../../sim/index.ts';
import type { DeviceIdentity as ClientIdentity } from '../deviceIdentity.ts';
import { NVS_RECORD } from '../flash/menderStorage.ts';
import type { NvsStore } from '../flash/nvs.ts';
import { buildAuthRequest } from './authRequest.ts';
import { DeviceKey, deviceKeyStreamLabel } from './deviceKey.ts';
import { ecPrivateKeyDer } from './keyEncoding.ts';
import type { ClientBuildVersions } from './requestHeaders.ts';

/** Where the private scalar sits in the 121-byte ECPrivateKey DER: after 30 77 02 01 01 04 20. */
const SCALAR_OFFSET = 7;
const SCALAR_LENGTH = 32;

function scalarOf(privateKeyDer: Uint8Array): Uint8Array {
  return privateKeyDer.subarray(SCALAR_OFFSET, SCALAR_OFFSET + SCALAR_LENGTH);
}

/** The device's keys as kept in NVS, and the key its first boot will make. */
export interface NvsIdentity extends ClientIdentity {
  /**
   * The public key (PEM) of the key generated at first boot, what an
   * operator preauthorizes. Computed once: the first boot uses the same key.
   */
  firstPublicKeyPem(): string;
  /**
   * The public key (PEM) the device presents now: the key loaded at its last
   * boot (a new one after recommissioning), or before any boot the first
   * boot's key.
   */
  currentPublicKeyPem(): string;
}

/**
 * A device's key pair as mender-mcu keeps it (tls.c): loaded from NVS
 * records 1 and 2 at every boot, generated and stored when absent, deleted
 * and made anew on recommissioning. Keys come from the device's seeded
 * stream, one stream per key generation, so a replay signs identically.
 */
export function createNvsIdentity(
  deviceId: string,
  random: SeededRandom,
  versions?: ClientBuildVersions,
): NvsIdentity {
  let generation = 0;
  let key: DeviceKey | undefined;
  /** The first boot's key, when an operator asked for it before that boot. */
  let firstKey: DeviceKey | undefined;
  const deriveKey = (keyGeneration: number) =>
    DeviceKey.derive(random.fork(deviceKeyStreamLabel(deviceId, keyGeneration)));

  const firstPublicKeyPem = () => {
    firstKey ??= deriveKey(0);
    return firstKey.publicKeyPem;
  };

  return {
    firstPublicKeyPem,
    currentPublicKeyPem: () => key?.publicKeyPem ?? firstPublicKeyPem(),

    loadKeys(nvs: NvsStore, recommission: boolean) {
      if (recommission) {
        nvs.delete(NVS_RECORD.privateKey);
        nvs.delete(NVS_RECORD.publicKey);
        generation++;
        key = undefined;
      }

      const stored = nvs.read(NVS_RECORD.privateKey);
      if (stored !== undefined && nvs.read(NVS_RECORD.publicKey) !== undefined) {
        key ??= DeviceKey.fromPrivateKey(scalarOf(stored));
        return;
      }

      key = generation === 0 ? (firstKey ??= deriveKey(0)) : deriveKey(generation);
      nvs.write(NVS_RECORD.privateKey, ecPrivateKeyDer(key.privateKey, key.publicKey));
      nvs.write(NVS_RECORD.publicKey, key.publicKeyDer);
    },

    createAuthRequest(nvs, settings, identity) {
      if (key === undefined) {
        const stored = nvs.read(NVS_RECORD.privateKey);
        if (stored === undefined) {
          throw new Error(
            `Failed to sign the auth request of ${deviceId}: no key in NVS record 1. ` +
              'Keys are loaded at INITIALIZATION; this is a simulator bug.',
          );
        }
        key = DeviceKey.fromPrivateKey(scalarOf(stored));
      }
      return buildAuthRequest({
        serverHost: settings.serverHost,
        identity: { name: identity.name, value: identity.value },
        key,
        tier: settings.tier,
        tenantToken: settings.tenantToken,
        ...(versions !== undefined ? { versions } : {}),
      }).request;
    },
  };
}
