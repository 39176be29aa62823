/** The polling-lab benchmark page: bench/lab.bench.ts calls these workloads in Chromium. */
import { labWorkloads, setLabHeapProbe } from '../labWorkloads.ts';

declare global {
  interface Window {
    labBenchWorkloads: typeof labWorkloads;
    labBenchReady: boolean;
  }
}

setLabHeapProbe(() => {
  (window as { gc?: () => void }).gc?.();
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  return memory?.usedJSHeapSize ?? Number.NaN;
});
window.labBenchWorkloads = labWorkloads;
window.labBenchReady = true;
