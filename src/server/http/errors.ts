/**
 * A refusal with the status and message the real server gives, which the
 * routing turns into `{"error": message, "request_id": id}`. Domain methods
 * throw it too, so the scenario runner sees the same refusal an HTTP client
 * would.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, such as `Retry-After` on a 429. */
    readonly headers: readonly (readonly [string, string])[] = [],
    /**
     * When set, the answer has no JSON error body (the gateway's bare 401
     * for a bad token, for one).
     */
    readonly bodyless = false,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const unauthorized = (message: string) => new ApiError(401, message);
export const notFound = (message: string) => new ApiError(404, message);
export const conflict = (message: string) => new ApiError(409, message);
export const unprocessable = (message: string) => new ApiError(422, message);

/**
 * No HTTP answer at all, as when the server is down: the in-process
 * transport reports it as a failure below HTTP, the MSW adapter as a
 * network error.
 */
export class ServerUnreachable extends Error {
  override readonly name = 'ServerUnreachable';
}
