import { useCallback, useSyncExternalStore } from 'react';

import type { DeviceRow, FleetLive } from './fleetLive.ts';

/** One device's row; the component re-renders only when that device changes. */
export function useDeviceRow(live: FleetLive, id: string): DeviceRow | undefined {
  const subscribe = useCallback(
    (onChange: () => void) => live.subscribeDevice(id, onChange),
    [live, id],
  );
  return useSyncExternalStore(subscribe, () => live.row(id));
}

/** A counter bumped at each frame that saw a record about the device. */
export function useDeviceVersion(live: FleetLive, id: string): number {
  const subscribe = useCallback(
    (onChange: () => void) => live.subscribeDevice(id, onChange),
    [live, id],
  );
  return useSyncExternalStore(subscribe, () => live.version(id));
}

/** Devices per fleet state; re-renders when a device changes state. */
export function useStateCounts(live: FleetLive): ReadonlyMap<string, number> {
  const subscribe = useCallback(
    (onChange: () => void) => live.subscribeCounts(onChange),
    [live],
  );
  return useSyncExternalStore(subscribe, () => live.stateCounts());
}
