import { DeviceTable } from '../DeviceTable.tsx';

/** Every device of the fleet, its state and its last exchange. */
export function FleetView() {
  return <DeviceTable />;
}
