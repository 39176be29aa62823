/** What went wrong when building a device's identity or auth request. */
export type IdentityErrorCode =
  /** A device index outside what a MAC address can encode. */
  | 'INVALID_DEVICE_INDEX'
  /** An identity attribute with an empty name or value. */
  | 'INVALID_IDENTITY'
  /** A tier other than exactly `micro` or `standard` (the real client refuses it). */
  | 'INVALID_TIER'
  /** A private key that is not a valid P-256 scalar. */
  | 'INVALID_KEY'
  /** A server host that is not an absolute http(s) URL without a trailing slash. */
  | 'INVALID_SERVER_HOST';

/** A bad input to identity or signing, with the input and the fix in the message. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';

  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
  }
}
