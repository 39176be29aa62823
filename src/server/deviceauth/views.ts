import type { ServerClock } from '../time.ts';
import type { AuthSetRecord, DeviceRecord, ServerState } from '../state.ts';

/** A device as deviceauth's management API shows it, with its auth sets. */
export function deviceView(device: DeviceRecord, state: ServerState, clock: ServerClock) {
  return {
    id: device.id,
    identity_data: device.identity,
    status: device.status,
    decommissioning: device.decommissioning,
    created_ts: clock.format(device.createdAt),
    updated_ts: clock.format(device.updatedAt),
    auth_sets: device.authSetIds
      .map((id) => state.authSets[id])
      .filter((authSet): authSet is AuthSetRecord => authSet !== undefined)
      .map((authSet) => authSetView(authSet, device, clock)),
    ...(device.checkInAt !== undefined
      ? { check_in_time: clock.format(device.checkInAt) }
      : {}),
  };
}

function authSetView(authSet: AuthSetRecord, device: DeviceRecord, clock: ServerClock) {
  return {
    id: authSet.id,
    device_id: authSet.deviceId,
    identity_data: device.identity,
    pubkey: authSet.pubkey,
    ts: clock.format(authSet.createdAt),
    status: authSet.status,
  };
}
