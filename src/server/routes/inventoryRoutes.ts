import { badRequest, notFound } from '../http/errors.ts';
import { readJsonObject, requireContentType } from '../http/body.ts';
import { paginate, readPaging } from '../http/paging.ts';
import { respond, respondJson } from '../http/responses.ts';
import type { Router } from '../http/router.ts';
import { inventoryView } from '../inventory/views.ts';
import type { Services } from '../services.ts';
import type { InventoryAttribute, InventoryRecord } from '../state.ts';
import { managementRoute } from './gateway.ts';

const BASE = '/api/management/v1/inventory';
const RESERVED_QUERY = new Set(['page', 'per_page', 'sort', 'has_group', 'group']);
const GROUP_NAME = /^[A-Za-z0-9_-]+$/;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A `name=value` filter as inventory's `parseFilterParams` reads it: the
 * name is `scope/name` or a name in the inventory scope; an `eq:` prefix is
 * the (only) operator; a value that parses as a number also matches that
 * number; an array attribute matches when one element does.
 */
function attributeFilter(
  name: string,
  rawValue: string,
): (attribute: InventoryAttribute) => boolean {
  const slash = name.indexOf('/');
  const scope = slash < 0 ? 'inventory' : name.slice(0, slash);
  const attributeName = slash < 0 ? name : name.slice(slash + 1);
  const colon = rawValue.indexOf(':');
  const operand = colon >= 0 ? rawValue.slice(colon + 1) : '';
  const text = rawValue.slice(0, colon) === 'eq' && operand !== '' ? operand : rawValue;
  const number = DECIMAL.test(text) ? Number(text) : undefined;
  const matches = (value: unknown) =>
    value === text || (number !== undefined && value === number);
  return (attribute) =>
    attribute.scope === scope &&
    attribute.name === attributeName &&
    (Array.isArray(attribute.value)
      ? (attribute.value as readonly unknown[]).some(matches)
      : matches(attribute.value));
}

/** inventory's management API: device attributes and static groups. */
export function addInventoryRoutes(router: Router, services: Services): void {
  const { context, inventory } = services;
  const { state, clock } = context;
  const view = (record: InventoryRecord) =>
    inventoryView(record, state.devices[record.deviceId], clock);

  router.add(
    'GET',
    `${BASE}/devices`,
    managementRoute(services, ({ requestId, query, path }) => {
      const parameters = new URLSearchParams(query);
      const paging = readPaging(parameters);
      const group = parameters.get('group');
      const hasGroup = parameters.get('has_group');
      const filters = [...parameters]
        .filter(([name]) => !RESERVED_QUERY.has(name))
        .map(([name, value]) => attributeFilter(name, value));
      const records = Object.values(state.inventory).filter((record) => {
        const recordGroup = inventory.group(record.deviceId);
        if (group !== null && recordGroup !== group) return false;
        if (hasGroup === 'true' && recordGroup === undefined) return false;
        if (hasGroup === 'false' && recordGroup !== undefined) return false;
        return filters.every((filter) =>
          Object.values(record.attributes).some((attribute) => filter(attribute)),
        );
      });
      const { page, headers } = paginate(records, paging, path, parameters);
      return respondJson(200, requestId, page.map(view), [
        ...headers,
        ['X-Total-Count', String(records.length)],
      ]);
    }),
  );

  router.add(
    'GET',
    `${BASE}/devices/:id`,
    managementRoute(services, ({ requestId, params }) => {
      const record = state.inventory[params['id'] ?? ''];
      if (record === undefined) throw notFound('Device not found');
      return respondJson(200, requestId, view(record));
    }),
  );

  router.add(
    'PUT',
    `${BASE}/devices/:id/group`,
    managementRoute(services, ({ request, requestId, params }) => {
      requireContentType(request, 'application/json');
      const group = readJsonObject(request, undefined, ['group'])['group'];
      if (typeof group !== 'string' || !GROUP_NAME.test(group)) {
        throw badRequest('group: must be letters, digits, underscores or dashes.');
      }
      const id = params['id'] ?? '';
      if (state.inventory[id] === undefined) throw notFound('Device not found');
      inventory.setGroup(id, group);
      return respond(204, requestId);
    }),
  );

  router.add(
    'DELETE',
    `${BASE}/devices/:id/group/:name`,
    managementRoute(services, ({ requestId, params }) => {
      const id = params['id'] ?? '';
      if (inventory.group(id) !== params['name']) throw notFound('Device not found');
      inventory.setGroup(id, undefined);
      return respond(204, requestId);
    }),
  );

  router.add(
    'GET',
    `${BASE}/groups`,
    managementRoute(services, ({ requestId }) => {
      const groups = new Set<string>();
      for (const record of Object.values(state.inventory)) {
        const group = inventory.group(record.deviceId);
        if (group !== undefined) groups.add(group);
      }
      return respondJson(200, requestId, [...groups].sort());
    }),
  );
}
