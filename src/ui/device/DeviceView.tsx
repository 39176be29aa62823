import { useViewStore } from '../viewStore.ts';

/** One device in depth: statechart, timeline, HTTP, flash, logs, inventory. */
export function DeviceView() {
  const deviceId = useViewStore((state) => state.selectedDeviceId);
  if (deviceId === null) return <p>Select a device in the fleet view.</p>;
  return <h2>{deviceId}</h2>;
}
