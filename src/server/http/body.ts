import { headerValue, type HttpRequest } from '../../sim/index.ts';
import { ApiError, badRequest } from './errors.ts';
import { parseMediaType } from './mediaType.ts';

/** The services' default request size limit (`*_REQUEST_SIZE_LIMIT`): 1 MiB. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * The services' request size guard: a body over 1 MiB is a 413 before the
 * route looks at it (the artifact upload route has none).
 */
export function limitRequestSize(request: HttpRequest): void {
  if (request.body.length > MAX_REQUEST_BYTES) {
    throw new ApiError(413, 'http: request body too large');
  }
}

/**
 * The media type of the request, lower case without parameters, as Go's
 * `mime.ParseMediaType` gives it (a header it refuses is a 400); undefined
 * without a Content-Type header.
 */
export function mediaType(request: HttpRequest): string | undefined {
  const header = headerValue(request.headers, 'content-type');
  return header === undefined ? undefined : parseMediaType(header);
}

/**
 * The Content-Type guard the Mender services put in front of JSON routes: a
 * body in another media type is 415, a missing or unreadable header 400 (Go
 * parses the empty header and fails). Requests with no body pass, as they do there.
 */
export function requireContentType(request: HttpRequest, ...accepted: string[]): void {
  if (request.body.length === 0) return;
  const type = parseMediaType(headerValue(request.headers, 'content-type') ?? '');
  if (!accepted.includes(type)) {
    throw new ApiError(
      415,
      `Bad Content-Type, expected ${accepted.map((name) => `'${name}'`).join(', ')}`,
    );
  }
}

const bodyDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The body as text, a byte order mark kept (Go's JSON reader refuses one,
 * where `TextDecoder` would silently drop it).
 */
export function bodyText(body: Uint8Array): string {
  return bodyDecoder.decode(body);
}

/**
 * The body's first JSON value, or a 400 naming why there is none. Like Go's
 * `json.Decoder` (gin's `ShouldBindJSON`), whatever follows a complete
 * object or array is left unread.
 */
export function readJson(
  request: HttpRequest,
  context = 'failed to decode request body',
): unknown {
  const text = bodyText(request.body);
  if (/^[ \t\n\r]*$/.test(text)) throw badRequest(`${context}: EOF`);
  // A body that is one whole JSON document is its own first value, and one
  // shorter than the depth limit cannot nest past it: parse it at once.
  if (text.length <= MAX_JSON_DEPTH) {
    try {
      return JSON.parse(text);
    } catch {
      // Trailing data, or a syntax error: the reading below tells which.
    }
  }
  const value = firstJsonValue(text, context);
  try {
    return JSON.parse(value);
  } catch (error) {
    throw badRequest(
      `${context}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Go's `encoding/json` nesting limit: deeper input is a syntax error there. */
const MAX_JSON_DEPTH = 10_000;

/**
 * Walks the brackets of JSON text outside strings from `start`, with Go's
 * syntax error (a 400 under `context`) for nesting deeper than
 * `encoding/json` reads. With `untilClosed`, returns the index where the
 * first value's bracket closes (undefined when it never does).
 */
function walkJsonBrackets(
  text: string,
  start: number,
  context: string,
  untilClosed: boolean,
): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      if (++depth > MAX_JSON_DEPTH) {
        throw badRequest(`${context}: invalid character '${char}' exceeded max depth`);
      }
    } else if ((char === '}' || char === ']') && --depth === 0 && untilClosed) {
      return index;
    }
  }
  return undefined;
}

/** Go's syntax error (a 400 under `context`) for JSON nested deeper than it reads. */
export function checkJsonDepth(text: string, context: string): void {
  walkJsonBrackets(text, 0, context, false);
}

/**
 * The text of the first object or array in `text`; the whole text for
 * anything else or when it is not closed (then JSON.parse says what is
 * wrong). Nesting past Go's limit is Go's syntax error, a 400 under `context`.
 */
function firstJsonValue(text: string, context: string): string {
  const start = text.search(/[^ \t\n\r]/);
  if (text[start] !== '{' && text[start] !== '[') return text;
  const end = walkJsonBrackets(text, start, context, true);
  return end === undefined ? text : text.slice(start, end + 1);
}

/**
 * The body as a JSON object, or a 400. Given the struct's `fields`, keys are
 * matched to them as Go decodes into a struct (see `goFields`).
 */
export function readJsonObject(
  request: HttpRequest,
  context = 'failed to decode request body',
  fields?: readonly string[],
): Record<string, unknown> {
  const value = readJson(request, context);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`${context}: expected a JSON object`);
  }
  const object = value as Record<string, unknown>;
  return fields === undefined ? object : goFields(object, fields);
}

/**
 * An object's keys matched to a Go struct's JSON field names as
 * `encoding/json` matches them: case-insensitively, a later key overwriting
 * an earlier one; other keys are dropped. So `{"STATUS": "x"}` sets `status`.
 */
export function goFields(
  object: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Readonly<Record<string, unknown>> {
  // Usually every key is a field's own name: then the object reads as it is.
  const keys = Object.keys(object);
  if (keys.every((key) => fields.includes(key) || !foldsToField(key, fields))) {
    return object;
  }
  const matched = Object.create(null) as Record<string, unknown>;
  for (const key of keys) {
    const field = fields.includes(key) ? key : foldsToField(key, fields);
    if (field !== undefined) matched[field] = object[key];
  }
  return matched;
}

function foldsToField(key: string, fields: readonly string[]): string | undefined {
  const folded = key.toLowerCase();
  return fields.find((name) => name.toLowerCase() === folded);
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
