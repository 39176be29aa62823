import { useState } from 'react';

import type { Simulation } from '../../fleet/index.ts';
import { useSimulationStore } from '../simulationStore.ts';

function RateLimitForm() {
  const perform = useSimulationStore((state) => state.perform);
  const [kind, setKind] = useState<'off' | 'fixed-window' | 'tier-interval'>(
    'fixed-window',
  );
  const [quota, setQuota] = useState(30);
  const [windowSeconds, setWindowSeconds] = useState(60);
  const [burst, setBurst] = useState(3);

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    perform({
      action: 'server.rate-limit',
      policy:
        kind === 'off'
          ? 'off'
          : kind === 'fixed-window'
            ? { kind, quota, windowSeconds }
            : { kind, quota, burst },
    });
  };

  return (
    <form className="admin-form" aria-label="Rate limiter" onSubmit={apply}>
      <h4>Rate limiter</h4>
      <label>
        Limiter
        <select
          aria-label="Limiter"
          value={kind}
          onChange={(event) => setKind(event.target.value as typeof kind)}
        >
          <option value="off">off</option>
          <option value="fixed-window">open-source deviceauth (fixed window)</option>
          <option value="tier-interval">hosted fair use (tier interval)</option>
        </select>
      </label>
      {kind !== 'off' && (
        <label>
          {kind === 'fixed-window' ? 'Requests per window' : 'Requests per tier interval'}
          <input
            type="number"
            min={kind === 'fixed-window' ? 0 : 0.01}
            step="any"
            value={quota}
            onChange={(event) => setQuota(Number(event.target.value))}
          />
        </label>
      )}
      {kind === 'fixed-window' && (
        <label>
          Window (s)
          <input
            type="number"
            min={1}
            value={windowSeconds}
            onChange={(event) => setWindowSeconds(Number(event.target.value))}
          />
        </label>
      )}
      {kind === 'tier-interval' && (
        <label>
          Burst
          <input
            type="number"
            min={1}
            value={burst}
            onChange={(event) => setBurst(Number(event.target.value))}
          />
        </label>
      )}
      {kind === 'tier-interval' && (
        <p className="admin-note">
          Hosted Mender does not publish its figures: quota 1 and burst 3 are this
          simulator&apos;s assumptions.
        </p>
      )}
      <button type="submit">Apply rate limiter</button>
    </form>
  );
}

function FaultsForm() {
  const perform = useSimulationStore((state) => state.perform);
  const [latency, setLatency] = useState(0);
  const [errorRate, setErrorRate] = useState(0);
  const [errorStatus, setErrorStatus] = useState(503);
  const [refuseAuth, setRefuseAuth] = useState(false);
  const [outageSeconds, setOutageSeconds] = useState(60);
  const [outageKind, setOutageKind] = useState<'unavailable' | 'unreachable'>(
    'unavailable',
  );

  return (
    <>
      <form
        className="admin-form"
        aria-label="Server faults"
        onSubmit={(event) => {
          event.preventDefault();
          perform({
            action: 'server.faults',
            addedLatencyMs: latency,
            errorRate,
            errorStatus,
            refuseAllAuth: refuseAuth,
          });
        }}
      >
        <h4>Faults (device traffic only)</h4>
        <label>
          Added latency (ms)
          <input
            type="number"
            min={0}
            value={latency}
            onChange={(event) => setLatency(Number(event.target.value))}
          />
        </label>
        <label>
          Error rate (0–1)
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={errorRate}
            onChange={(event) => setErrorRate(Number(event.target.value))}
          />
        </label>
        <label>
          Error status
          <input
            type="number"
            min={500}
            max={599}
            value={errorStatus}
            onChange={(event) => setErrorStatus(Number(event.target.value))}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={refuseAuth}
            onChange={(event) => setRefuseAuth(event.target.checked)}
          />
          Refuse every auth request (401)
        </label>
        <button type="submit">Apply faults</button>
      </form>
      <form
        className="admin-form"
        aria-label="Server outage"
        onSubmit={(event) => {
          event.preventDefault();
          perform({
            action: 'server.outage',
            durationSeconds: outageSeconds,
            kind: outageKind,
          });
        }}
      >
        <h4>Outage from now</h4>
        <label>
          Duration (s)
          <input
            type="number"
            min={1}
            value={outageSeconds}
            onChange={(event) => setOutageSeconds(Number(event.target.value))}
          />
        </label>
        <label>
          Kind
          <select
            aria-label="Outage kind"
            value={outageKind}
            onChange={(event) => setOutageKind(event.target.value as typeof outageKind)}
          >
            <option value="unavailable">503 from the gateway</option>
            <option value="unreachable">no answer (connection refused)</option>
          </select>
        </label>
        <button type="submit">Start outage</button>
      </form>
    </>
  );
}

/** Server policies: these are server settings in Mender, not management API calls. */
export function PoliciesSection({ simulation }: { simulation: Simulation | null }) {
  // Re-read on every store refresh, which follows each action and frame.
  useSimulationStore((state) => state.status);
  const policies = simulation?.server.policies;
  const profile = simulation?.server.profile;
  const limiter = policies?.rateLimit;
  return (
    <section className="admin-section" aria-labelledby="admin-policies">
      <h3 id="admin-policies">Server policies</h3>
      <p className="admin-note">
        Mender sets these in the server&apos;s configuration, not through the management
        API, so they act directly on the mock server (still recorded at their virtual
        time, and replayed).
      </p>
      <dl className="admin-policy-summary" aria-label="Current server policies">
        <div>
          <dt>v2 next endpoint</dt>
          <dd>
            {profile === 'hosted'
              ? 'on (hosted profile): mender-mcu’s POST v2 next is answered'
              : 'off (open-source profile): POST v2 next gets 404 and the client falls back to GET v1'}
            . Chosen by the scenario&apos;s server profile.
          </dd>
        </div>
        <div>
          <dt>Rate limiter</dt>
          <dd>
            {limiter === null || limiter === undefined
              ? 'off'
              : limiter.kind === 'fixed-window'
                ? `fixed window: ${limiter.quota} requests per ${limiter.windowSeconds} s`
                : `tier interval: ${limiter.quota} per interval, burst ${limiter.burst}`}
          </dd>
        </div>
        <div>
          <dt>Faults</dt>
          <dd>
            {policies === undefined
              ? '–'
              : `+${policies.faults.addedLatencyMs} ms, ${Math.round(policies.faults.errorRate * 100)}% answered ${policies.faults.errorStatus}${policies.faults.refuseAllAuth ? ', every auth refused' : ''}, ${policies.faults.outages.length} outage window(s)`}
          </dd>
        </div>
      </dl>
      <RateLimitForm />
      <FaultsForm />
    </section>
  );
}
