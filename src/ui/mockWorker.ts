import type { RequestHandler } from '../sim/index.ts';

let currentRouting: RequestHandler | undefined;

/** Points the service worker's handlers at the running simulation's server. */
export function answerWithRoutingOf(routing: RequestHandler): void {
  currentRouting = routing;
}

/**
 * MSW and its handlers load on demand: they are a large part of the code
 * (cookie and public-suffix handling included) and the first paint does not
 * need them.
 */
async function createWorker() {
  const [{ setupWorker }, { createMswHandlers }] = await Promise.all([
    import('msw/browser'),
    import('../server/msw.ts'),
  ]);
  return setupWorker(
    ...createMswHandlers(() => {
      if (currentRouting === undefined) {
        throw new Error('Failed to answer a request: no simulation is loaded yet.');
      }
      return currentRouting;
    }),
  );
}

/**
 * Starts MSW's service worker; the app sends nothing through it before this
 * resolves. The app's own files pass through; a request to any other host
 * that the mock does not answer fails instead of leaving the browser.
 */
export async function startMockWorker(): Promise<boolean> {
  try {
    const worker = await createWorker();
    await worker.start({
      quiet: true,
      onUnhandledRequest(request, print) {
        if (new URL(request.url).origin === location.origin) return;
        print.error();
      },
    });
    return navigator.serviceWorker.controller !== null || (await waitForControl());
  } catch (error) {
    console.error('[fleet-sim] Failed to start the mock server service worker:', error);
    return false;
  }
}

async function waitForControl(): Promise<boolean> {
  if (navigator.serviceWorker.controller !== null) return true;
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), {
      once: true,
    });
  });
}
