import { useSimulationStore } from './simulationStore.ts';

/** Each device's state and the last answer it got from the server. */
export function DeviceTable() {
  const devices = useSimulationStore((state) => state.devices);
  return (
    <table aria-label="Devices">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Power</th>
          <th scope="col">Network</th>
          <th scope="col">State</th>
          <th scope="col">Polls</th>
          <th scope="col">Last response</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => (
          <tr key={device.deviceId}>
            <th scope="row">{device.deviceId}</th>
            <td>{device.powered ? 'on' : 'off'}</td>
            <td>{device.networkUp ? 'up' : 'down'}</td>
            <td>{device.state}</td>
            <td>{device.polls}</td>
            <td aria-label={`Last response of ${device.deviceId}`}>
              {device.lastStatus !== undefined
                ? `${device.lastStatus}`
                : (device.lastFailure ?? 'none yet')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
