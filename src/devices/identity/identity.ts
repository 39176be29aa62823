import { IdentityError } from './errors.ts';

/**
 * The identity the app's `get_identity` callback hands the client: one
 * name/value pair, as in mender-mcu's `mender_identity_t`. The reference app
 * uses `mac`; any other attribute name works the same way.
 */
export interface DeviceIdentity {
  readonly name: string;
  readonly value: string;
}

/** Devices a locally administered MAC can number: 40 bits after the 02 prefix. */
const MAX_DEVICE_INDEX = 2 ** 40 - 2;

/**
 * A stable MAC for the device with this 0-based index: `02` (locally
 * administered, unicast) followed by index + 1 in 40 bits, in lower-case
 * colon-separated hex as the reference app formats it. Device 0 is
 * `02:00:00:00:00:01`.
 *
 * @throws IdentityError `INVALID_DEVICE_INDEX` for a negative, fractional or too large index
 */
export function macAddressForDevice(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_DEVICE_INDEX) {
    throw new IdentityError(
      'INVALID_DEVICE_INDEX',
      `Failed to derive a MAC address for device index ${index}: use a whole number ` +
        `from 0 to ${MAX_DEVICE_INDEX}.`,
    );
  }
  const octets = ['02'];
  // Five octets of index + 1, most significant first; division keeps it exact past 2^32.
  for (let shift = 4; shift >= 0; shift--) {
    const octet = Math.floor((index + 1) / 256 ** shift) % 256;
    octets.push(octet.toString(16).padStart(2, '0'));
  }
  return octets.join(':');
}

/** The default identity: `mac` with {@link macAddressForDevice}. */
export function macIdentity(index: number): DeviceIdentity {
  return { name: 'mac', value: macAddressForDevice(index) };
}

/**
 * The identity serialised as the client does before putting it, as a
 * string, into the auth body's `id_data`: compact JSON, one member.
 *
 * @throws IdentityError `INVALID_IDENTITY` for an empty name or value
 */
export function identityDataJson(identity: DeviceIdentity): string {
  if (identity.name === '' || identity.value === '') {
    throw new IdentityError(
      'INVALID_IDENTITY',
      `Failed to use the identity ${JSON.stringify(identity)}: both the attribute name ` +
        'and its value must be non-empty.',
    );
  }
  return JSON.stringify({ [identity.name]: identity.value });
}
