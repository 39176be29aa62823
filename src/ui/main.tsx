import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { validateScenario } from '../fleet/index.ts';
import happyPath from '../../scenarios/happy-path.json';
import { App } from './App.tsx';
import { startMockWorker } from './mockWorker.ts';
import { useSimulationStore } from './simulationStore.ts';
import './styles.css';

// Scenarios the end-to-end tests start from, loaded only when asked for by
// `?scenario=e2e/<name>` (e.g. a fleet left pending for the admin panel).
const testScenarios = import.meta.glob<{ default: unknown }>(
  '../../scenarios/e2e/*.json',
);

async function startingScenario(): Promise<{ value: unknown; source: string }> {
  const requested = new URLSearchParams(location.search).get('scenario');
  const loader =
    requested === null ? undefined : testScenarios[`../../scenarios/${requested}.json`];
  if (loader === undefined)
    return { value: happyPath, source: 'scenarios/happy-path.json' };
  return { value: (await loader()).default, source: `scenarios/${requested}.json` };
}

async function boot(): Promise<void> {
  // Nothing is sent through the worker before it controls the page.
  const workerReady = await startMockWorker();
  const store = useSimulationStore.getState();
  store.setWorkerReady(workerReady);
  const { value, source } = await startingScenario();
  store.load(validateScenario(value, source), undefined, source);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
