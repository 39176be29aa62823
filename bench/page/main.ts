/**
 * The benchmark page: `npm run bench` opens it in Chromium and calls the
 * workloads below with `page.evaluate`, so the same code is measured in the
 * browser as in Node.
 */
import { browserWorkloads } from '../workloads.ts';

declare global {
  interface Window {
    benchWorkloads: typeof browserWorkloads;
    benchReady: boolean;
  }
}

window.benchWorkloads = browserWorkloads;
window.benchReady = true;
