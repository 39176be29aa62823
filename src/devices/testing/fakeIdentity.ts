import { utf8, type HttpRequest } from '../../sim/index.ts';
import type { DeviceIdentity } from '../deviceIdentity.ts';

/**
 * An identity for device tests that do not look at keys or signatures: it
 * stores nothing and sends an unsigned body. The real one is
 * src/devices/identity.
 */
export const unsignedIdentity: DeviceIdentity = {
  loadKeys: () => undefined,
  createAuthRequest: (_nvs, settings, identity): HttpRequest => ({
    method: 'POST',
    url: `${settings.serverHost}/api/devices/v1/authentication/auth_requests`,
    headers: [
      ['User-Agent', settings.userAgent],
      ['Content-Type', 'application/json'],
    ],
    body: utf8(
      JSON.stringify({
        id_data: JSON.stringify({ [identity.name]: identity.value }),
        pubkey: 'unsigned',
        tier: settings.tier,
      }),
    ),
  }),
};
