import { useSimulationStore, type DeviceRow } from './simulationStore.ts';

function lastAnswer(device: DeviceRow): string {
  if (device.lastStatus !== undefined) return String(device.lastStatus);
  return device.lastFailure ?? 'none yet';
}

/** Each device's client state, image, and the last answer it got from the server. */
export function DeviceTable() {
  const devices = useSimulationStore((state) => state.devices);
  return (
    <table aria-label="Devices">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Power</th>
          <th scope="col">Network</th>
          <th scope="col">Client state</th>
          <th scope="col">Update state</th>
          <th scope="col">Running image</th>
          <th scope="col">Last request</th>
          <th scope="col">Last response</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => (
          <tr key={device.id}>
            <th scope="row">{device.id}</th>
            <td>{device.bricked ? 'bricked' : device.powered ? 'on' : 'off'}</td>
            <td>{device.networkUp ? 'up' : 'down'}</td>
            <td aria-label={`Client state of ${device.id}`}>
              {device.clientState ?? '—'}
            </td>
            <td aria-label={`Update state of ${device.id}`}>
              {device.updateState ?? '—'}
            </td>
            <td aria-label={`Image of ${device.id}`}>
              {device.image}
              {device.imageConfirmed ? '' : ' (testing)'}
            </td>
            <td>{device.lastRequest ?? '—'}</td>
            <td aria-label={`Last response of ${device.id}`}>{lastAnswer(device)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
