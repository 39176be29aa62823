export { DeviceKey, deviceKeyStreamLabel } from './deviceKey.ts';
export {
  identityDataJson,
  macAddressForDevice,
  macIdentity,
  type DeviceIdentity,
} from './identity.ts';
export {
  AUTH_REQUESTS_PATH,
  authRequestBody,
  buildAuthRequest,
  type AuthBodyInput,
  type AuthRequest,
  type AuthRequestInput,
} from './authRequest.ts';
export {
  CLIENT_BUILD_VERSIONS,
  clientRequestHeaders,
  userAgent,
  type ClientBuildVersions,
  type ClientRequestHeaderOptions,
} from './requestHeaders.ts';
export { base64ToBytes, bytesToBase64, toPem, PEM_LINE_LENGTH } from './encoding.ts';
export { ecPrivateKeyDer, spkiDer } from './keyEncoding.ts';
export { IdentityError, type IdentityErrorCode } from './errors.ts';
export { createNvsIdentity, type NvsIdentity } from './nvsIdentity.ts';
