import type { ServerClock } from '../time.ts';
import type { DeviceRecord, InventoryRecord } from '../state.ts';

/**
 * A device's inventory as `GET /api/management/v1/inventory/devices` shows
 * it; the system scope carries timestamps as the inventory service does.
 */
export function inventoryView(
  record: InventoryRecord,
  device: DeviceRecord | undefined,
  clock: ServerClock,
) {
  const attributes = Object.values(record.attributes).map((attribute) => ({
    name: attribute.name,
    value: attribute.value,
    scope: attribute.scope,
    ...(attribute.description !== undefined
      ? { description: attribute.description }
      : {}),
    ...(attribute.timestamp !== undefined
      ? { timestamp: clock.format(attribute.timestamp) }
      : {}),
  }));
  attributes.push(
    { name: 'created_ts', value: clock.format(record.createdAt), scope: 'system' },
    { name: 'updated_ts', value: clock.format(record.updatedAt), scope: 'system' },
  );
  if (device?.checkInAt !== undefined) {
    attributes.push({
      name: 'check_in_time',
      value: clock.format(device.checkInAt),
      scope: 'system',
    });
  }
  return { id: record.deviceId, attributes, updated_ts: clock.format(record.updatedAt) };
}
