import { Suspense, lazy, useEffect, type ReactNode } from 'react';

import { RunControls } from './RunControls.tsx';
import { ScenarioLoader } from './ScenarioLoader.tsx';
import { WireModeSelect } from './WireModeSelect.tsx';
import { BreakpointEditor } from './debugger/BreakpointEditor.tsx';
import { FleetView } from './fleet/FleetView.tsx';
import { useSimulationStore } from './simulationStore.ts';
import { VIEWS, useViewStore, type ViewId } from './viewStore.ts';
import { WorkspaceMenu } from './workspace/index.ts';

// Heavy views (graph layout, charts, forms) load when first opened, so the
// first paint only needs the shell and the fleet view.
const DeviceView = lazy(() =>
  import('./device/DeviceView.tsx').then((module) => ({ default: module.DeviceView })),
);
const AdminPanel = lazy(() =>
  import('./admin/AdminPanel.tsx').then((module) => ({ default: module.AdminPanel })),
);
const PollingLab = lazy(() =>
  import('./lab/PollingLab.tsx').then((module) => ({ default: module.PollingLab })),
);

function WireModeIndicator() {
  const wire = useSimulationStore((state) => state.wire);
  const workerReady = useSimulationStore((state) => state.workerReady);
  return (
    <p aria-label="Wire mode" className="wire-mode">
      {wire === 'service-worker'
        ? 'Requests go through the mock service worker (visible in DevTools → Network)'
        : workerReady
          ? 'Requests go to the mock server in-process'
          : 'Requests go to the mock server in-process (the service worker is not available)'}
    </p>
  );
}

function TraceHash() {
  const traceHash = useSimulationStore((state) => state.traceHash);
  return (
    <p className="trace-hash">
      Trace hash: <code aria-label="Trace hash">{traceHash}</code>
    </p>
  );
}

function viewContent(view: ViewId): ReactNode {
  switch (view) {
    case 'fleet':
      return <FleetView />;
    case 'device':
      return <DeviceView />;
    case 'admin':
      return <AdminPanel />;
    case 'lab':
      return <PollingLab />;
  }
}

export function App() {
  const scenarioName = useSimulationStore(
    (state) => state.simulation?.scenario.name ?? '',
  );
  const loadError = useSimulationStore((state) => state.loadError);
  const view = useViewStore((state) => state.view);
  const show = useViewStore((state) => state.show);
  const breakpointHit = useSimulationStore((state) => state.breakpointHit);
  const openDevice = useViewStore((state) => state.openDevice);

  // A breakpoint that stopped on a device's event shows that device.
  useEffect(() => {
    if (breakpointHit?.deviceId !== undefined) openDevice(breakpointHit.deviceId);
  }, [breakpointHit, openDevice]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="app-title">
          <h1>MCU Fleet Simulator</h1>
          <p>
            Scenario: <strong>{scenarioName}</strong>
          </p>
        </div>
        <RunControls />
        <div className="app-status">
          <WireModeIndicator />
          <TraceHash />
        </div>
        <div className="app-inputs">
          <WireModeSelect />
          <ScenarioLoader />
          <WorkspaceMenu />
        </div>
        <div className="app-breakpoints">
          {/* The editor is its own disclosure, its summary counting the breakpoints. */}
          <BreakpointEditor />
        </div>
        <nav aria-label="Views">
          <div role="tablist" aria-label="Views">
            {VIEWS.map(({ id, label }) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`tab-${id}`}
                aria-selected={view === id}
                aria-controls={`panel-${id}`}
                onClick={() => show(id)}
              >
                {label}
              </button>
            ))}
          </div>
        </nav>
      </header>
      {loadError !== null && (
        <div role="alert" className="load-error">
          <pre>{loadError}</pre>
        </div>
      )}
      <main
        role="tabpanel"
        id={`panel-${view}`}
        aria-labelledby={`tab-${view}`}
        className="view"
      >
        <Suspense fallback={<p role="status">Loading the view…</p>}>
          {viewContent(view)}
        </Suspense>
      </main>
    </div>
  );
}
