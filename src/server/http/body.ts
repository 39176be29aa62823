import { fromUtf8, headerValue, type HttpRequest } from '../../sim/index.ts';
import { ApiError, badRequest } from './errors.ts';

/**
 * The media type of the request, lower case without parameters, as Go's
 * `mime.ParseMediaType` gives it; undefined without a Content-Type header.
 */
export function mediaType(request: HttpRequest): string | undefined {
  const header = headerValue(request.headers, 'content-type');
  if (header === undefined) return undefined;
  const type = header.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) {
    throw badRequest(`Invalid value for Content-Type header: mime: no media type`);
  }
  return type;
}

/**
 * The Content-Type guard the Mender services put in front of JSON routes: a
 * body in another media type is 415, an unreadable header 400. Requests with
 * no body pass, as they do there.
 */
export function requireContentType(request: HttpRequest, ...accepted: string[]): void {
  if (request.body.length === 0) return;
  const type = mediaType(request);
  if (type === undefined || !accepted.includes(type)) {
    throw new ApiError(
      415,
      `Bad Content-Type, expected ${accepted.map((name) => `'${name}'`).join(', ')}`,
    );
  }
}

/** The body parsed as JSON, or a 400 naming why it is not JSON. */
export function readJson(
  request: HttpRequest,
  context = 'failed to decode request body',
): unknown {
  const text = fromUtf8(request.body);
  if (text.trim() === '') throw badRequest(`${context}: EOF`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `${context}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The body as a JSON object, or a 400. */
export function readJsonObject(
  request: HttpRequest,
  context = 'failed to decode request body',
): Record<string, unknown> {
  const value = readJson(request, context);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${context}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** A field that must be a string when present; a 400 otherwise. */
export function optionalString(
  fields: Record<string, unknown>,
  name: string,
  context: string,
): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw badRequest(`${context}: ${name} must be a string`);
  }
  return value;
}

/** A field that must be a boolean when present; a 400 otherwise. */
export function optionalBoolean(
  fields: Record<string, unknown>,
  name: string,
  context: string,
): boolean | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw badRequest(`${context}: ${name} must be a boolean`);
  return value;
}
