/**
 * A refusal the routing turns into the real server's error answer:
 * `{"error": message, "request_id": id}` with the given status.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, such as `Retry-After` on a 429. */
    readonly headers: readonly (readonly [string, string])[] = [],
  ) {
    super(message);
  }
}

/** Shorthands for the refusals the Mender services use most. */
export const badRequest = (message: string) => new ApiError(400, message);
export const unauthorized = (message = 'Unauthorized') => new ApiError(401, message);
export const notFound = (message = 'Resource not found') => new ApiError(404, message);
export const conflict = (message: string) => new ApiError(409, message);
export const unprocessable = (message: string) => new ApiError(422, message);
