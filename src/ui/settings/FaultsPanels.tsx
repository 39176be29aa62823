import type { Simulation } from '../../fleet/index.ts';
import { useSimulationStore } from '../simulationStore.ts';
import { FaultControls } from './FaultControls.tsx';
import { FirmwareSettings } from './FirmwareSettings.tsx';
import './settings.css';

const runNumbers = new WeakMap<Simulation, number>();
let runsSeen = 0;

/** A number per run, so that forms start again from what a new run's devices run. */
function runNumber(simulation: Simulation): number {
  let number = runNumbers.get(simulation);
  if (number === undefined) {
    number = ++runsSeen;
    runNumbers.set(simulation, number);
  }
  return number;
}

/** Faults and firmware settings of one device. */
export function DeviceFaultsPanel({ deviceId }: { deviceId: string }) {
  const simulation = useSimulationStore((state) => state.simulation);
  const entry = simulation?.fleet.get(deviceId);
  if (simulation === null || entry === undefined) {
    return <p className="settings-note">No device {deviceId} in this run.</p>;
  }
  const deviceNumber = Number(deviceId.slice(entry.group.length + 1));
  return (
    <section className="settings-panel" aria-label={`Faults and settings of ${deviceId}`}>
      <h3>Faults and settings of {deviceId}</h3>
      <FaultControls devices={[deviceId]} subject={deviceId} />
      <FirmwareSettings
        // A new run or another device starts the form again from what it runs.
        key={`${runNumber(simulation)}-${deviceId}`}
        simulation={simulation}
        groupName={entry.group}
        deviceNumber={deviceNumber}
      />
    </section>
  );
}

/** Faults for every device, and the firmware settings of each group. */
export function FleetFaultsPanel() {
  const simulation = useSimulationStore((state) => state.simulation);
  if (simulation === null) return null;
  return (
    <section className="settings-panel" aria-label="Faults and settings of the fleet">
      <h3>Faults and settings of the whole fleet</h3>
      <FaultControls devices="all" subject="the whole fleet" />
      {simulation.scenario.fleet.map((group) => (
        <FirmwareSettings
          key={`${runNumber(simulation)}-${group.name}`}
          simulation={simulation}
          groupName={group.name}
          deviceNumber={null}
        />
      ))}
    </section>
  );
}
