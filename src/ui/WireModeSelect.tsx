import type { TransportKind } from '../sim/index.ts';
import { useSimulationStore } from './simulationStore.ts';

/**
 * Chooses how requests reach the mock server. Changing it restarts the
 * scenario from the beginning: a run's transport is fixed for its life.
 */
export function WireModeSelect() {
  const wire = useSimulationStore((state) => state.wire);
  const workerReady = useSimulationStore((state) => state.workerReady);
  const scenario = useSimulationStore((state) => state.simulation?.scenario);
  const load = useSimulationStore((state) => state.load);

  return (
    <label>
      Wire
      <select
        aria-label="Transport"
        value={wire}
        onChange={(event) => {
          if (scenario !== undefined) load(scenario, event.target.value as TransportKind);
        }}
      >
        <option value="service-worker" disabled={!workerReady}>
          service worker (shows in DevTools)
        </option>
        <option value="in-process">in-process (for large fleets)</option>
      </select>
    </label>
  );
}
