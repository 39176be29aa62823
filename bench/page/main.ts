/**
 * The benchmark page: `npm run bench` opens it in Chromium and calls the
 * workloads below with `page.evaluate`, so the same code is measured in the
 * browser as in Node.
 */
import { browserWorkloads, setHeapProbe } from '../workloads.ts';

declare global {
  interface Window {
    benchWorkloads: typeof browserWorkloads;
    benchReady: boolean;
    /** Present when Chromium runs with `--js-flags=--expose-gc` (bench/browser.ts). */
    gc?: () => void;
  }
  interface Performance {
    /** Chromium only; exact with `--enable-precise-memory-info`. */
    readonly memory?: { readonly usedJSHeapSize: number };
  }
}

setHeapProbe({
  usedAfterCollection() {
    window.gc?.();
    return performance.memory?.usedJSHeapSize ?? Number.NaN;
  },
});
window.benchWorkloads = browserWorkloads;
window.benchReady = true;
