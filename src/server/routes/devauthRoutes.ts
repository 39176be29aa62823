import { badRequest, notFound } from '../http/errors.ts';
import { optionalBoolean, readJsonObject, requireContentType } from '../http/body.ts';
import { paginate, readPaging } from '../http/paging.ts';
import { respond, respondJson } from '../http/responses.ts';
import type { Router } from '../http/router.ts';
import { normalizeIdentity } from '../deviceauth/authRequest.ts';
import { deviceView } from '../deviceauth/views.ts';
import { parseDevicePublicKey, PublicKeyError } from '../crypto/publicKeys.ts';
import type { Services } from '../services.ts';
import type { DeviceRecord } from '../state.ts';
import { managementRoute } from './gateway.ts';

const BASE = '/api/management/v2/devauth';
const DEVICE_STATUSES = ['pending', 'accepted', 'rejected', 'preauthorized', 'noauth'];

/** deviceauth's management API: admission of devices. */
export function addDevauthRoutes(router: Router, services: Services): void {
  const { context, deviceAuth } = services;
  const view = (device: DeviceRecord) => deviceView(device, context.state, context.clock);

  router.add(
    'GET',
    `${BASE}/devices`,
    managementRoute(services, ({ requestId, query, path }) => {
      const parameters = new URLSearchParams(query);
      const status = parameters.get('status');
      if (status !== null && status !== '' && !DEVICE_STATUSES.includes(status)) {
        throw badRequest(`status: must be a valid value.`);
      }
      const ids = parameters.getAll('id');
      const paging = readPaging(parameters);
      const devices = Object.values(context.state.devices).filter(
        (device) =>
          (status === null || status === '' || device.status === status) &&
          (ids.length === 0 || ids.includes(device.id)),
      );
      const { page, headers } = paginate(devices, paging, path, parameters);
      return respondJson(200, requestId, page.map(view), headers);
    }),
  );

  router.add(
    'GET',
    `${BASE}/devices/count`,
    managementRoute(services, ({ requestId, query }) => {
      const status = new URLSearchParams(query).get('status') ?? '';
      if (status !== '' && !DEVICE_STATUSES.includes(status)) {
        throw badRequest(
          'status must be one of: pending, accepted, rejected, preauthorized, noauth',
        );
      }
      const count = Object.values(context.state.devices).filter(
        (device) => status === '' || device.status === status,
      ).length;
      return respondJson(200, requestId, { count });
    }),
  );

  router.add(
    'GET',
    `${BASE}/devices/:id`,
    managementRoute(services, ({ requestId, params }) => {
      const device = context.state.devices[params['id'] ?? ''];
      if (device === undefined) throw notFound('device not found');
      return respondJson(200, requestId, view(device));
    }),
  );

  router.add(
    'POST',
    `${BASE}/devices`,
    managementRoute(services, ({ request, requestId }) => {
      requireContentType(request, 'application/json');
      const body = readJsonObject(request, 'failed to decode preauth request', [
        'identity_data',
        'pubkey',
        'force',
      ]);
      const identity = body['identity_data'];
      const pubkey = body['pubkey'];
      if (
        typeof identity !== 'object' ||
        identity === null ||
        Array.isArray(identity) ||
        Object.keys(identity).length === 0
      ) {
        throw badRequest(
          'failed to decode preauth request: identity_data: cannot be blank.',
        );
      }
      if (typeof pubkey !== 'string' || pubkey === '') {
        throw badRequest('failed to decode preauth request: pubkey: cannot be blank.');
      }
      let normalizedPem: string;
      try {
        normalizedPem = parseDevicePublicKey(pubkey).normalizedPem;
      } catch (error) {
        if (error instanceof PublicKeyError) {
          throw badRequest(`failed to decode preauth request: pubkey: ${error.message}`);
        }
        throw error;
      }
      const force =
        optionalBoolean(body, 'force', 'failed to decode preauth request') ?? false;
      const result = deviceAuth.preauthorize(
        identity as Record<string, unknown>,
        normalizeIdentity(identity),
        normalizedPem,
        force,
      );
      if (!result.created) return respondJson(409, requestId, view(result.device));
      return respond(201, requestId, undefined, undefined, [
        ['Location', `devices/${result.device.id}`],
      ]);
    }),
  );

  router.add(
    'DELETE',
    `${BASE}/devices/:id`,
    managementRoute(services, ({ requestId, params }) => {
      deviceAuth.decommission(params['id'] ?? '');
      return respond(204, requestId);
    }),
  );

  router.add(
    'PUT',
    `${BASE}/devices/:id/auth/:aid/status`,
    managementRoute(services, ({ request, requestId, params }) => {
      const body = readJsonObject(request, 'failed to decode status data', ['status']);
      const status = body['status'];
      if (typeof status !== 'string') throw badRequest('incorrect device status');
      deviceAuth.setAuthSetStatus(params['id'] ?? '', params['aid'] ?? '', status);
      return respond(204, requestId);
    }),
  );

  router.add(
    'GET',
    `${BASE}/devices/:id/auth/:aid/status`,
    managementRoute(services, ({ requestId, params }) => {
      const authSet = context.state.authSets[params['aid'] ?? ''];
      if (authSet === undefined) throw notFound('authentication set not found');
      return respondJson(200, requestId, { status: authSet.status });
    }),
  );

  router.add(
    'DELETE',
    `${BASE}/devices/:id/auth/:aid`,
    managementRoute(services, ({ requestId, params }) => {
      deviceAuth.dismissAuthSet(params['id'] ?? '', params['aid'] ?? '');
      return respond(204, requestId);
    }),
  );

  router.add(
    'DELETE',
    `${BASE}/tokens/:id`,
    managementRoute(services, ({ requestId, params }) => {
      deviceAuth.tokens.revoke(params['id'] ?? '');
      return respond(204, requestId);
    }),
  );

  router.add(
    'GET',
    `${BASE}/limits/max_devices`,
    managementRoute(services, ({ requestId }) =>
      respondJson(200, requestId, { limit: context.state.policies.maxDevices }),
    ),
  );
}
