import { goFields } from '../http/body.ts';
import { badRequest } from '../http/errors.ts';
import { utf8Length } from '../http/utf8Length.ts';
import type { ServerContext } from '../context.ts';
import type {
  AttributeScope,
  AttributeValue,
  DeviceRecord,
  InventoryAttribute,
  InventoryRecord,
} from '../state.ts';

/** inventory's default `limit_attributes`: most attributes a scope may hold. */
export const ATTRIBUTE_LIMIT = 100;
/** In UTF-8 bytes, as inventory's validation counts. */
const NAME_MAX_LENGTH = 1024;

/** One attribute a device reports, checked. */
export interface ReportedAttribute {
  readonly name: string;
  readonly value: AttributeValue;
  readonly description?: string;
}

/**
 * Reads the body of a device inventory PUT or PATCH: a JSON array of
 * `{name, value, description?}`, each value a string, a number, or an array
 * of all strings or all numbers. Anything else is a 400.
 */
export function parseReportedAttributes(body: unknown): ReportedAttribute[] {
  if (!Array.isArray(body))
    throw badRequest('failed to decode request body: expected an array of attributes');
  return body.map((item, index) => parseAttribute(item, index));
}

function parseAttribute(item: unknown, index: number): ReportedAttribute {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw badRequest(
      `failed to decode request body: attribute ${index} is not an object`,
    );
  }
  const { name, value, description } = goFields(item as Record<string, unknown>, [
    'name',
    'value',
    'description',
  ]);
  if (typeof name !== 'string' || name.length === 0) {
    throw badRequest(`name: cannot be blank.`);
  }
  if (utf8Length(name) > NAME_MAX_LENGTH) {
    throw badRequest(`name: the length must be no more than ${NAME_MAX_LENGTH}.`);
  }
  if (!isAttributeValue(value)) {
    throw badRequest(
      `value: supported types are string, number and arrays of all strings or all numbers (attribute "${name}").`,
    );
  }
  if (
    description !== undefined &&
    description !== null &&
    typeof description !== 'string'
  ) {
    throw badRequest(`description: must be a string (attribute "${name}").`);
  }
  return typeof description === 'string' ? { name, value, description } : { name, value };
}

function isAttributeValue(value: unknown): value is AttributeValue {
  if (typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (!Array.isArray(value)) return false;
  return (
    value.every((element) => typeof element === 'string') ||
    value.every((element) => typeof element === 'number' && Number.isFinite(element))
  );
}

/** inventory: attributes per device in the identity, inventory, system and tags scopes. */
export class Inventory {
  constructor(private readonly context: ServerContext) {}

  /** The identity scope comes from id_data when deviceauth first sees a device. */
  addDevice(device: DeviceRecord): void {
    const now = this.context.clock.now();
    const record: InventoryRecord = {
      deviceId: device.id,
      createdAt: now,
      updatedAt: now,
      attributes: {},
    };
    for (const [name, value] of Object.entries(device.identity)) {
      if (isAttributeValue(value))
        setAttribute(record, { name, value, scope: 'identity' });
    }
    this.context.state.inventory[device.id] = record;
    this.setStatus(device);
  }

  /** deviceauth's status mirrors into the identity scope as `status`. */
  setStatus(device: DeviceRecord): void {
    const record = this.context.state.inventory[device.id];
    if (record === undefined) return;
    setAttribute(record, { name: 'status', value: device.status, scope: 'identity' });
  }

  removeDevice(deviceId: string): void {
    delete this.context.state.inventory[deviceId];
  }

  /**
   * A device's inventory report. PUT replaces the whole `inventory` scope,
   * PATCH adds and overwrites. Over the 100-attribute limit, counted as
   * inventory counts it, the report is refused with 400 and nothing changes.
   */
  report(
    deviceId: string,
    attributes: readonly ReportedAttribute[],
    replace: boolean,
  ): void {
    const now = this.context.clock.now();
    const record = this.recordFor(deviceId, now);
    const count = replace ? attributes.length : countAfterPatch(record, attributes);
    if (count > ATTRIBUTE_LIMIT) {
      throw badRequest('the number of attributes in the scope is above the limit');
    }
    if (replace) {
      for (const [key, attribute] of Object.entries(record.attributes)) {
        if (attribute.scope === 'inventory') delete record.attributes[key];
      }
    }
    for (const attribute of attributes) {
      record.attributes[`inventory/${attribute.name}`] = {
        name: attribute.name,
        value: attribute.value,
        scope: 'inventory',
        ...(attribute.description !== undefined
          ? { description: attribute.description }
          : {}),
        timestamp: now,
      };
    }
    record.updatedAt = now;
  }

  /** The device's group (system scope), or undefined. */
  group(deviceId: string): string | undefined {
    const attribute = this.context.state.inventory[deviceId]?.attributes['system/group'];
    return typeof attribute?.value === 'string' ? attribute.value : undefined;
  }

  setGroup(deviceId: string, group: string | undefined): void {
    const record = this.context.state.inventory[deviceId];
    if (record === undefined) return;
    if (group === undefined) delete record.attributes['system/group'];
    else setAttribute(record, { name: 'group', value: group, scope: 'system' });
    record.updatedAt = this.context.clock.now();
  }

  private recordFor(deviceId: string, now: number): InventoryRecord {
    let record = this.context.state.inventory[deviceId];
    if (record === undefined) {
      record = { deviceId, createdAt: now, updatedAt: now, attributes: {} };
      this.context.state.inventory[deviceId] = record;
    }
    return record;
  }
}

/**
 * What inventory's `checkAttributesLimits` counts for a PATCH: the scope's
 * attributes, plus every entry sent (repeats included) whose name the device
 * has in no scope at all. A PUT counts only the entries sent.
 */
function countAfterPatch(
  record: InventoryRecord,
  attributes: readonly ReportedAttribute[],
): number {
  const known = new Set<string>();
  let count = 0;
  for (const attribute of Object.values(record.attributes)) {
    known.add(attribute.name);
    if (attribute.scope === 'inventory') count += 1;
  }
  for (const attribute of attributes) if (!known.has(attribute.name)) count += 1;
  return count;
}

function setAttribute(record: InventoryRecord, attribute: InventoryAttribute): void {
  record.attributes[`${attribute.scope}/${attribute.name}`] = attribute;
}

export type { AttributeScope };
