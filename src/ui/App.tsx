import { DeviceTable } from './DeviceTable.tsx';
import { WireModeSelect } from './WireModeSelect.tsx';
import { RunControls } from './RunControls.tsx';
import { ScenarioLoader } from './ScenarioLoader.tsx';
import { useSimulationStore } from './simulationStore.ts';

export function App() {
  const scenarioName = useSimulationStore(
    (state) => state.simulation?.scenario.name ?? '',
  );
  const wire = useSimulationStore((state) => state.wire);
  const workerReady = useSimulationStore((state) => state.workerReady);
  const traceHash = useSimulationStore((state) => state.traceHash);
  const loadError = useSimulationStore((state) => state.loadError);

  return (
    <main>
      <header>
        <h1>MCU Fleet Simulator</h1>
        <p>
          Scenario: <strong>{scenarioName}</strong>
        </p>
        <p aria-label="Wire mode">
          {wire === 'service-worker'
            ? 'Requests go through the mock service worker (visible in DevTools → Network)'
            : workerReady
              ? 'Requests go to the mock server in-process'
              : 'Requests go to the mock server in-process (the service worker is not available)'}
        </p>
      </header>
      <RunControls />
      <WireModeSelect />
      <ScenarioLoader />
      {loadError !== null && (
        <div role="alert" className="load-error">
          <pre>{loadError}</pre>
        </div>
      )}
      <DeviceTable />
      <footer>
        Trace hash: <code aria-label="Trace hash">{traceHash}</code>
      </footer>
    </main>
  );
}
