import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { validateScenario } from '../fleet/index.ts';
import happyPath from '../../scenarios/happy-path.json';
import { App } from './App.tsx';
import { startMockWorker } from './mockWorker.ts';
import { useSimulationStore } from './simulationStore.ts';
import './styles.css';

async function boot(): Promise<void> {
  // Nothing is sent through the worker before it controls the page.
  const workerReady = await startMockWorker();
  const store = useSimulationStore.getState();
  store.setWorkerReady(workerReady);
  store.load(validateScenario(happyPath, 'scenarios/happy-path.json'));

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
