import { headerValue, utf8 } from '../../sim/index.ts';
import { badRequest } from '../http/errors.ts';
import {
  goFields,
  limitRequestSize,
  readJson,
  readJsonObject,
  requireContentType,
} from '../http/body.ts';
import { respond, respondJson } from '../http/responses.ts';
import type { RouteContext, Router } from '../http/router.ts';
import { parseGoQuery } from '../http/goQuery.ts';
import { utf8Length } from '../http/utf8Length.ts';
import { parseReportedAttributes } from '../inventory/inventory.ts';
import type { Services } from '../services.ts';
import type { LogMessageRecord, NextRequestRecord } from '../state.ts';
import { applyDeviceFaults, deviceRoute } from './gateway.ts';

const DEVICES_V1 = '/api/devices/v1';
const NEXT_V1 = `${DEVICES_V1}/deployments/device/deployments/next`;
const NEXT_V2 = '/api/devices/v2/deployments/device/deployments/next';
/** mender-mcu's first update check; the open-source server has no such route. */
export const NEXT_V2_PATH = NEXT_V2;
/** Limits in UTF-8 bytes, as the deployments service's validation counts. */
const MAX_FIELD_LENGTH = 4096;
const MAX_SUBSTATE_LENGTH = 200;

/** The device API: what mender-mcu and other clients call. */
export function addDeviceRoutes(
  router: Router,
  services: Services,
  hosted: boolean,
): void {
  router.add('POST', `${DEVICES_V1}/authentication/auth_requests`, (context) => {
    applyDeviceFaults(services);
    // deviceauth's middleware: the size guard, then the JSON Content-Type check.
    limitRequestSize(context.request);
    requireContentType(context.request, 'application/json');
    const token = services.deviceAuth.submitAuthRequest(
      context.request.body,
      headerValue(context.request.headers, 'x-men-signature'),
      services.context.state.policies.faults.refuseAllAuth,
    );
    const answer = (jwt: string) =>
      respond(200, context.requestId, utf8(jwt), 'application/jwt');
    return token.then(answer);
  });

  const next = (context: RouteContext, deviceId: string, request: NextRequestRecord) => {
    const instructions = services.deployments.next(deviceId, request);
    return instructions === null
      ? respond(204, context.requestId)
      : respondJson(200, context.requestId, instructions);
  };
  router.add(
    'GET',
    NEXT_V1,
    deviceRoute(services, 'next', (context, device) =>
      next(context, device.deviceId, nextFromQuery(context.query)),
    ),
  );
  router.add(
    'POST',
    NEXT_V1,
    deviceRoute(services, 'next', (context, device) => {
      requireContentType(context.request, 'application/json');
      return next(
        context,
        device.deviceId,
        nextFromV1Body(readJson(context.request, 'invalid schema')),
      );
    }),
  );
  if (hosted) {
    router.add(
      'POST',
      NEXT_V2,
      deviceRoute(services, 'next', (context, device) => {
        requireContentType(context.request, 'application/json');
        return next(
          context,
          device.deviceId,
          nextFromV2Body(readJson(context.request, 'invalid schema')),
        );
      }),
    );
  }

  router.add(
    'PUT',
    `${DEVICES_V1}/deployments/device/deployments/:id/status`,
    deviceRoute(services, 'status', (context, device) => {
      requireContentType(context.request, 'application/json');
      const body = readJsonObject(context.request, undefined, ['status', 'substate']);
      const status = body['status'];
      const substate = body['substate'];
      if (typeof status !== 'string') throw badRequest('status: cannot be blank.');
      if (substate !== undefined && substate !== null && typeof substate !== 'string') {
        throw badRequest('substate: must be a string.');
      }
      if (typeof substate === 'string' && utf8Length(substate) > MAX_SUBSTATE_LENGTH) {
        throw badRequest(
          `substate: the length must be no more than ${MAX_SUBSTATE_LENGTH}.`,
        );
      }
      services.deployments.reportStatus(
        device.deviceId,
        context.params['id'] ?? '',
        status,
        typeof substate === 'string' ? substate : undefined,
      );
      return respond(204, context.requestId);
    }),
  );

  router.add(
    'PUT',
    `${DEVICES_V1}/deployments/device/deployments/:id/log`,
    deviceRoute(services, 'log', (context, device) => {
      requireContentType(context.request, 'application/json');
      const messages = parseLogMessages(
        readJsonObject(context.request, undefined, ['messages']),
      );
      services.deployments.saveLog(device.deviceId, context.params['id'] ?? '', messages);
      return respond(204, context.requestId);
    }),
  );

  const inventory = (replace: boolean) =>
    deviceRoute(services, 'inventory', (context, device) => {
      requireContentType(context.request, 'application/json');
      const attributes = parseReportedAttributes(readJson(context.request));
      services.inventory.report(device.deviceId, attributes, replace);
      return respond(200, context.requestId);
    });
  router.add('PUT', `${DEVICES_V1}/inventory/device/attributes`, inventory(true));
  router.add('PATCH', `${DEVICES_V1}/inventory/device/attributes`, inventory(false));
}

/** `?artifact_name=&device_type=`, both required, 1 to 4096 characters. */
function nextFromQuery(query: string): NextRequestRecord {
  const parameters = parseGoQuery(query);
  return checkedNext(
    parameters.get('artifact_name') ?? '',
    parameters.get('device_type') ?? '',
    {},
    false,
  );
}

/** The open-source POST: `{"artifact_name","device_type","artifact_provides"?}`. */
function nextFromV1Body(body: unknown): NextRequestRecord {
  const fields = goFields(objectOrThrow(body), [
    'artifact_name',
    'device_type',
    'artifact_provides',
  ]);
  const provides = fields['artifact_provides'];
  return checkedNext(
    stringField(fields, 'artifact_name'),
    stringField(fields, 'device_type'),
    provides === undefined || provides === null
      ? {}
      : stringMap(provides, 'artifact_provides'),
    false,
  );
}

/** The Enterprise POST: `{"device_provides": {...}, "update_control_map": bool}`. */
function nextFromV2Body(body: unknown): NextRequestRecord {
  const fields = goFields(objectOrThrow(body), ['device_provides', 'update_control_map']);
  const provides = stringMap(fields['device_provides'] ?? {}, 'device_provides');
  const {
    artifact_name: artifactName = '',
    device_type: deviceType = '',
    ...rest
  } = provides;
  const updateControlMap = fields['update_control_map'];
  if (
    updateControlMap !== undefined &&
    updateControlMap !== null &&
    typeof updateControlMap !== 'boolean'
  ) {
    throw badRequest('invalid schema: update_control_map must be a boolean');
  }
  return checkedNext(artifactName, deviceType, rest, updateControlMap === true);
}

function checkedNext(
  artifactName: string,
  deviceType: string,
  provides: Record<string, string>,
  updateControlMap: boolean,
): NextRequestRecord {
  const problems: string[] = [];
  if (artifactName === '') problems.push('artifact_name: cannot be blank');
  else if (utf8Length(artifactName) > MAX_FIELD_LENGTH)
    problems.push('artifact_name: the length must be between 1 and 4096');
  if (deviceType === '') problems.push('device_type: cannot be blank');
  else if (utf8Length(deviceType) > MAX_FIELD_LENGTH)
    problems.push('device_type: the length must be between 1 and 4096');
  if (problems.length > 0) throw badRequest(`${problems.join('; ')}.`);
  return { artifactName, deviceType, provides, updateControlMap };
}

function objectOrThrow(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('invalid schema: expected a JSON object');
  }
  return body as Record<string, unknown>;
}

function stringField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    throw badRequest(`invalid schema: ${name} must be a string`);
  return value;
}

function stringMap(value: unknown, name: string): Record<string, string> {
  const fields = objectOrThrow(value);
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(fields)) {
    if (typeof entry !== 'string') {
      throw badRequest(`invalid schema: ${name}.${key} must be a string`);
    }
    result[key] = entry;
  }
  return result;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether Go's `time.Time` reads the text: RFC 3339 with every field in
 * range (a real day of the month, no hour 24, no leap second, an offset
 * under 24 hours).
 */
function isRfc3339Instant(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetHours = Number(match[7] ?? 0);
  const offsetMinutes = Number(match[8] ?? 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 24 &&
    offsetMinutes < 60
  );
}

/**
 * `{"messages": [{timestamp, level, message}, ...]}`, every field required;
 * the timestamp must be RFC 3339 (Go's time.Time refuses anything else, and
 * a null leaves it zero, which the validation refuses).
 */
function parseLogMessages(body: Record<string, unknown>): LogMessageRecord[] {
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    throw badRequest('messages: cannot be blank.');
  }
  return messages.map((entry, index) => {
    const fields = goFields(objectOrThrow(entry), ['timestamp', 'level', 'message']);
    const { timestamp, level, message } = fields;
    if (typeof timestamp !== 'string' || !isRfc3339Instant(timestamp)) {
      throw badRequest(`messages: (${index}: (timestamp: cannot be blank.).).`);
    }
    if (typeof level !== 'string' || level === '') {
      throw badRequest(`messages: (${index}: (level: cannot be blank.).).`);
    }
    if (typeof message !== 'string' || message === '') {
      throw badRequest(`messages: (${index}: (message: cannot be blank.).).`);
    }
    return { timestamp, level, message };
  });
}
