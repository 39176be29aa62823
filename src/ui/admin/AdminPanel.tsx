import { useEffect, useRef, useState } from 'react';

import { ADMIN_LATENCY_MS, type Simulation } from '../../fleet/index.ts';
import { formatVirtualTime } from '../format.ts';
import { useSimulationStore } from '../simulationStore.ts';
import { ArtifactsSection } from './ArtifactsSection.tsx';
import { DeploymentsSection } from './DeploymentsSection.tsx';
import { DevicesSection } from './DevicesSection.tsx';
import { PoliciesSection } from './PoliciesSection.tsx';
import { errorOf, refreshAll, useManagementVersion } from './management.ts';
import './admin.css';

/** Wall time between automatic refreshes while the simulation plays, like Mender's UI polling. */
const AUTO_REFRESH_WALL_MS = 2000;

/**
 * Keeps the lists fresh: after each change the admin made has been
 * answered, and every few wall seconds while virtual time moves. Each
 * refresh is a set of recorded GET requests, so a replay makes them too.
 */
function useAutoRefresh(simulation: Simulation | null, enabled: boolean) {
  const lastRefreshAt = useRef(-1);
  useEffect(() => {
    if (simulation === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      lastRefreshAt.current = simulation.kernel.now();
      refreshAll(simulation);
    };
    if (
      simulation.management.log.length === 0 &&
      simulation.management.pending.length === 0
    ) {
      refresh();
    }
    const unsubscribe = simulation.management.subscribe((exchange) => {
      if (exchange.answeredAt === undefined || exchange.method === 'GET') return;
      // One refresh after a burst of answers (e.g. "accept all").
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
    const interval = setInterval(() => {
      if (!enabled) return;
      if (useSimulationStore.getState().status.mode !== 'playing') return;
      if (simulation.management.pending.length > 0) return;
      if (simulation.kernel.now() <= lastRefreshAt.current) return;
      refresh();
    }, AUTO_REFRESH_WALL_MS);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(interval);
    };
  }, [simulation, enabled]);
}

function ActivityLog({ simulation }: { simulation: Simulation | null }) {
  const log = simulation?.management.log ?? [];
  const shown = log.filter((exchange) => exchange.method !== 'GET' || errorOf(exchange));
  return (
    <section className="admin-section" aria-labelledby="admin-activity">
      <h3 id="admin-activity">Activity</h3>
      {shown.length === 0 ? (
        <p className="admin-empty">No changes made yet.</p>
      ) : (
        <ol className="admin-activity" aria-label="Management requests">
          {shown
            .slice(-30)
            .reverse()
            .map((exchange) => {
              const error = errorOf(exchange);
              return (
                <li key={exchange.number} className={error ? 'admin-refused' : undefined}>
                  <time>{formatVirtualTime(exchange.sentAt)}</time>{' '}
                  <code>
                    {exchange.method} {exchange.path}
                  </code>{' '}
                  → {exchange.status ?? 'no answer'}
                  {error !== undefined && <span>: {error}</span>}
                </li>
              );
            })}
        </ol>
      )}
    </section>
  );
}

/** The server admin panel: devices, artifacts, deployments and policies, over the management API. */
export function AdminPanel() {
  const simulation = useSimulationStore((state) => state.simulation);
  const playing = useSimulationStore((state) => state.status.mode === 'playing');
  useManagementVersion(simulation);
  const [autoRefresh, setAutoRefresh] = useState(true);
  useAutoRefresh(simulation, autoRefresh);
  const waiting = simulation?.management.pending.length ?? 0;
  const lastError = simulation?.management.log
    .filter((exchange) => exchange.method !== 'GET')
    .map(errorOf)
    .at(-1);

  return (
    <div className="admin-panel" aria-label="Server admin panel">
      <div className="admin-toolbar">
        <h2>Server admin</h2>
        <button type="button" onClick={() => refreshAll(simulation)}>
          Refresh
        </button>
        <label>
          <input
            type="checkbox"
            checked={autoRefresh}
            onChange={(event) => setAutoRefresh(event.target.checked)}
          />
          Refresh while playing
        </label>
        <p className="admin-note">
          Requests go to <code>{simulation?.management.host}</code> with the
          administrator&apos;s token, through the devices&apos; transport; each takes{' '}
          {ADMIN_LATENCY_MS} ms of virtual time (an assumed office round trip).
        </p>
        <p aria-live="polite" className="admin-waiting">
          {waiting > 0 &&
            (playing
              ? `${waiting} request(s) on the way…`
              : `${waiting} request(s) wait for the simulation clock: press Play or Step.`)}
        </p>
      </div>
      {lastError !== undefined && (
        <div role="alert" className="admin-problem">
          The server refused the last change: {lastError}
        </div>
      )}
      <DevicesSection simulation={simulation} />
      <ArtifactsSection simulation={simulation} />
      <DeploymentsSection simulation={simulation} />
      <PoliciesSection simulation={simulation} />
      <ActivityLog simulation={simulation} />
    </div>
  );
}
