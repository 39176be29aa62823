import { useMemo, useState } from 'react';

import {
  ASSUMPTION_NOTES,
  JWT_LIFETIME_SECONDS,
  PRESETS,
  PRESET_NAMES,
  comparisonRows,
  formatFigure,
  labCsv,
  type FleetReport,
  type LabAssumptions,
  type LabReport,
  type PresetName,
} from '../../lab/index.ts';
import { LabChart, type ChartSeries } from './LabChart.tsx';
import { labInput, useLabStore, type FleetDraft } from './labStore.ts';
import './lab.css';

const PRESET_LABELS: Record<PresetName, string> = {
  ...Object.fromEntries(
    Object.entries(PRESETS).map(([name, preset]) => [name, preset.label]),
  ),
  custom: 'Custom intervals',
} as Record<PresetName, string>;

function duration(seconds: number): string {
  if (seconds >= 86_400) return `${formatFigure(seconds / 86_400)} d`;
  if (seconds >= 3600) return `${formatFigure(seconds / 3600)} h`;
  if (seconds >= 60) return `${formatFigure(seconds / 60)} min`;
  return `${formatFigure(seconds)} s`;
}

function download(text: string, fileName: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}

function NumberField(props: {
  label: string;
  value: number;
  min?: number;
  step?: number | 'any';
  disabled?: boolean;
  onChange: (value: number) => void;
}) {
  return (
    <label className="lab-field">
      <span>{props.label}</span>
      <input
        type="number"
        value={props.value}
        min={props.min}
        step={props.step ?? 'any'}
        disabled={props.disabled}
        onChange={(event) => {
          const value = event.currentTarget.valueAsNumber;
          if (Number.isFinite(value)) props.onChange(value);
        }}
      />
    </label>
  );
}

function FleetRow({ fleet, index }: { fleet: FleetDraft; index: number }) {
  const editFleet = useLabStore((state) => state.editFleet);
  const removeFleet = useLabStore((state) => state.removeFleet);
  const running = useLabStore((state) => state.phase === 'running');
  const custom = fleet.preset === 'custom';
  const settings = custom ? fleet : PRESETS[fleet.preset];
  return (
    <li className="lab-fleet" aria-label={`Fleet ${fleet.name}`}>
      <strong>{fleet.name}</strong>
      <span>{PRESET_LABELS[fleet.preset]}</span>
      {custom ? (
        <>
          <NumberField
            label="Update poll (s)"
            value={fleet.updatePollSeconds}
            min={1}
            step={1}
            onChange={(value) => editFleet(index, { updatePollSeconds: value })}
          />
          <NumberField
            label="Inventory (s)"
            value={fleet.inventorySeconds}
            min={1}
            step={1}
            onChange={(value) => editFleet(index, { inventorySeconds: value })}
          />
        </>
      ) : (
        <span>
          update check every {duration(settings.updatePollSeconds)}, inventory every{' '}
          {duration(settings.inventorySeconds)}
        </span>
      )}
      <button type="button" disabled={running} onClick={() => removeFleet(index)}>
        Remove {fleet.name}
      </button>
    </li>
  );
}

function FleetSetup() {
  const fleets = useLabStore((state) => state.draft.fleets);
  const addFleet = useLabStore((state) => state.addFleet);
  const [preset, setPreset] = useState<PresetName>('demo');
  const [name, setName] = useState('');
  return (
    <fieldset className="lab-fleets">
      <legend>Fleets (two to four, side by side)</legend>
      <ol>
        {fleets.map((fleet, index) => (
          <FleetRow key={fleet.name} fleet={fleet} index={index} />
        ))}
      </ol>
      <div className="lab-add">
        <label className="lab-field">
          <span>Preset</span>
          <select
            value={preset}
            onChange={(event) => setPreset(event.currentTarget.value as PresetName)}
          >
            {PRESET_NAMES.map((option) => (
              <option key={option} value={option}>
                {PRESET_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
        <label className="lab-field">
          <span>Fleet name</span>
          <input
            value={name}
            placeholder={preset}
            onChange={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <button
          type="button"
          disabled={fleets.length >= 4}
          onClick={() => {
            addFleet(preset, name === '' ? preset : name);
            setName('');
          }}
        >
          Add fleet
        </button>
      </div>
    </fieldset>
  );
}

function LabSettings() {
  const draft = useLabStore((state) => state.draft);
  const edit = useLabStore((state) => state.edit);
  return (
    <fieldset className="lab-settings">
      <legend>Run</legend>
      <NumberField
        label="Devices per fleet"
        value={draft.devices}
        min={1}
        step={1}
        onChange={(devices) => edit({ devices })}
      />
      <NumberField
        label="Virtual days"
        value={draft.durationDays}
        min={0.01}
        onChange={(durationDays) => edit({ durationDays })}
      />
      <NumberField
        label="Seed"
        value={draft.seed}
        step={1}
        onChange={(seed) => edit({ seed })}
      />
      <label className="lab-field">
        <span>Boots spread over</span>
        <select
          value={draft.bootWindow === 'first-poll-interval' ? 'first' : 'fixed'}
          onChange={(event) =>
            edit({
              bootWindow:
                event.currentTarget.value === 'first' ? 'first-poll-interval' : 3600,
            })
          }
        >
          <option value="first">each fleet's first poll interval</option>
          <option value="fixed">a fixed window</option>
        </select>
      </label>
      {draft.bootWindow !== 'first-poll-interval' && (
        <NumberField
          label="Boot window (s)"
          value={draft.bootWindow}
          min={0}
          onChange={(bootWindow) => edit({ bootWindow })}
        />
      )}
      <label className="lab-check">
        <input
          type="checkbox"
          checked={draft.deploymentAtHours !== null}
          onChange={(event) =>
            edit({ deploymentAtHours: event.currentTarget.checked ? 1 : null })
          }
        />
        Create a deployment to every device
      </label>
      {draft.deploymentAtHours !== null && (
        <>
          <NumberField
            label="Deployment at (h)"
            value={draft.deploymentAtHours}
            min={0}
            onChange={(deploymentAtHours) => edit({ deploymentAtHours })}
          />
          <NumberField
            label="Artifact payload (bytes)"
            value={draft.payloadBytes}
            min={0}
            step={1}
            onChange={(payloadBytes) => edit({ payloadBytes })}
          />
        </>
      )}
      <label className="lab-check">
        <input
          type="checkbox"
          checked={draft.hostedLimiter}
          onChange={(event) => edit({ hostedLimiter: event.currentTarget.checked })}
        />
        Hosted-style rate limiter (no faster than the tier interval)
      </label>
      {draft.hostedLimiter && (
        <NumberField
          label="Exempt test devices per fleet"
          value={draft.testDevices}
          min={0}
          step={1}
          onChange={(testDevices) => edit({ testDevices })}
        />
      )}
      <label className="lab-check">
        <input
          type="checkbox"
          checked={draft.outage !== null}
          onChange={(event) =>
            edit({
              outage: event.currentTarget.checked ? { atHours: 12, minutes: 60 } : null,
            })
          }
        />
        Server outage (503)
      </label>
      {draft.outage !== null && (
        <>
          <NumberField
            label="Outage at (h)"
            value={draft.outage.atHours}
            min={0}
            onChange={(atHours) => edit({ outage: { ...draft.outage!, atHours } })}
          />
          <NumberField
            label="Outage length (min)"
            value={draft.outage.minutes}
            min={1}
            onChange={(minutes) => edit({ outage: { ...draft.outage!, minutes } })}
          />
        </>
      )}
    </fieldset>
  );
}

function LabFile() {
  const loadLab = useLabStore((state) => state.loadLab);
  const running = useLabStore((state) => state.phase === 'running');
  return (
    <div className="lab-file">
      <button
        type="button"
        onClick={() => {
          const { draft, assumptions } = useLabStore.getState();
          const lab = { ...labInput(draft), assumptions };
          download(
            JSON.stringify(lab, null, 2) + '\n',
            'polling-lab.json',
            'application/json',
          );
        }}
      >
        Export lab file
      </button>
      <label className="lab-field">
        <span>Load lab file</span>
        <input
          type="file"
          accept=".json,application/json"
          disabled={running}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file !== undefined)
              void file.text().then((text) => loadLab(text, file.name));
            event.currentTarget.value = '';
          }}
        />
      </label>
      <span className="lab-source">
        The same file runs headless: <code>npm run lab -- polling-lab.json</code>
      </span>
    </div>
  );
}

function RunBar() {
  const phase = useLabStore((state) => state.phase);
  const virtualSeconds = useLabStore((state) => state.virtualSeconds);
  const durationDays = useLabStore((state) => state.draft.durationDays);
  const fleets = useLabStore((state) => state.draft.fleets.length);
  const { run, pause, resume } = useLabStore.getState();
  const status =
    phase === 'idle'
      ? 'Not run yet'
      : phase === 'finished'
        ? `Lab finished: ${duration(virtualSeconds)} of virtual time`
        : `${phase === 'paused' ? 'Paused at' : 'Running:'} ${duration(virtualSeconds)} of ${durationDays} d`;
  return (
    <div className="lab-run">
      <button type="button" disabled={phase === 'running' || fleets < 2} onClick={run}>
        Run lab
      </button>
      {phase === 'running' && (
        <button type="button" onClick={pause}>
          Pause lab
        </button>
      )}
      {phase === 'paused' && (
        <button type="button" onClick={resume}>
          Resume lab
        </button>
      )}
      <p role="status" aria-label="Lab progress">
        {fleets < 2 ? 'Add at least two fleets to compare.' : status}
      </p>
    </div>
  );
}

function ComparisonTable({ report }: { report: LabReport }) {
  const rows = comparisonRows(report);
  return (
    <div className="lab-table-wrap">
      <table className="lab-table" aria-label="Measured beside the model">
        <caption>
          Measured from the simulated traffic, beside the reference's back-of-envelope
          (model)
        </caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Unit</th>
            {report.fleets.map((fleet) => (
              <th scope="colgroup" colSpan={2} key={fleet.name}>
                {fleet.name}
              </th>
            ))}
          </tr>
          <tr>
            <td />
            <td />
            {report.fleets.map((fleet) => (
              <FleetColumnHeads key={fleet.name} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.metric}>
              <th scope="row">{row.metric}</th>
              <td>{row.unit}</td>
              {row.values.map(([measured, model], index) => (
                <FigureCells key={index} measured={measured} model={model} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FleetColumnHeads() {
  return (
    <>
      <th scope="col">measured</th>
      <th scope="col" className="lab-model">
        model
      </th>
    </>
  );
}

function FigureCells({
  measured,
  model,
}: {
  measured: number | null;
  model: number | null;
}) {
  return (
    <>
      <td className="lab-figure">{formatFigure(measured)}</td>
      <td className="lab-figure lab-model">{formatFigure(model)}</td>
    </>
  );
}

/** Step values of each fleet's CDF on one shared x grid (uPlot wants aligned data). */
function alignedCdf(
  fleets: readonly FleetReport[],
  pick: (fleet: FleetReport) => readonly { seconds: number; share: number }[],
): { x: number[]; series: ChartSeries[] } {
  const grid = [...new Set(fleets.flatMap((fleet) => pick(fleet).map((p) => p.seconds)))]
    .sort((a, b) => a - b)
    .map((seconds) => seconds / 3600);
  const x = [0, ...grid];
  const series = fleets.map((fleet) => {
    const points = pick(fleet);
    let next = 0;
    let share = 0;
    const values = x.map((hours) => {
      while (next < points.length && points[next]!.seconds / 3600 <= hours) {
        share = points[next]!.share;
        next++;
      }
      return share * 100;
    });
    return { label: fleet.name, values };
  });
  return { x, series };
}

function Charts({ report }: { report: LabReport }) {
  const load = useMemo(() => {
    const first = report.fleets[0];
    const bucketSeconds = first?.series.bucketSeconds ?? 1;
    const length = Math.max(
      ...report.fleets.map((f) => f.series.requestsPerSecond.length),
    );
    const x = Array.from({ length }, (_, index) => (index * bucketSeconds) / 86_400);
    return {
      x,
      requests: report.fleets.map((fleet) => ({
        label: fleet.name,
        values: x.map((_, index) => fleet.series.requestsPerSecond[index] ?? null),
      })),
      cumulative: report.fleets.map((fleet) => {
        let total = 0;
        return {
          label: fleet.name,
          values: x.map((_, index) => {
            const rate = fleet.series.requestsPerSecond[index];
            if (rate === undefined) return null;
            total += (rate * bucketSeconds) / fleet.devices;
            return total;
          }),
        };
      }),
      limited: report.fleets.map((fleet) => ({
        label: fleet.name,
        values: x.map((_, index) => fleet.series.http429[index] ?? null),
      })),
    };
  }, [report]);
  const pickup = useMemo(
    () =>
      alignedCdf(report.fleets, (f) => f.measured.deployment?.pickupSeconds.cdf ?? []),
    [report],
  );
  const success = useMemo(
    () =>
      alignedCdf(report.fleets, (f) => f.measured.deployment?.successSeconds.cdf ?? []),
    [report],
  );
  const endpoints = useMemo(() => {
    const names = ['auth', 'next', 'inventory', 'status', 'log', 'download'] as const;
    return {
      x: names.map((_, index) => index),
      series: report.fleets.map((fleet) => ({
        label: fleet.name,
        values: names.map((name) => fleet.measured.requestsPerDevicePerDay[name]),
      })),
      formatX: (value: number) => names[value] ?? '',
    };
  }, [report]);
  const has429 = report.fleets.some((fleet) => fleet.measured.rateLimit.http429 > 0);
  const hasDeployment = report.fleets.some((fleet) => fleet.measured.deployment);
  return (
    <div className="lab-charts">
      <LabChart
        title="Fleet requests per second"
        fileName="fleet-requests-per-second"
        xLabel="virtual days"
        yLabel="requests/s (log)"
        x={load.x}
        series={load.requests}
        logY
      />
      <LabChart
        title="Requests per device so far"
        fileName="requests-per-device-cumulative"
        xLabel="virtual days"
        yLabel="requests (log)"
        x={load.x}
        series={load.cumulative}
        logY
      />
      <LabChart
        title="Requests per device per day, by endpoint"
        fileName="requests-by-endpoint"
        xLabel="endpoint"
        yLabel="requests/day (log)"
        x={endpoints.x}
        series={endpoints.series}
        formatX={endpoints.formatX}
        logY
        dots
      />
      {hasDeployment && (
        <LabChart
          title="Devices that picked up the deployment"
          fileName="deployment-pickup-cdf"
          xLabel="hours after the deployment was created"
          yLabel="% of devices"
          x={pickup.x}
          series={pickup.series}
          stepped
        />
      )}
      {hasDeployment && (
        <LabChart
          title="Devices that reported success"
          fileName="deployment-success-cdf"
          xLabel="hours after the deployment was created"
          yLabel="% of devices"
          x={success.x}
          series={success.series}
          stepped
        />
      )}
      {has429 && (
        <LabChart
          title="429 answers from the rate limiter"
          fileName="rate-limited"
          xLabel="virtual days"
          yLabel="429s per bucket"
          x={load.x}
          series={load.limited}
        />
      )}
    </div>
  );
}

function BackOfEnvelope({ report }: { report: LabReport }) {
  return (
    <section className="lab-model-notes" aria-label="Back-of-envelope">
      <h3>The back-of-envelope (reference: polling and limits, C4–C7)</h3>
      <ul>
        <li>
          Requests per device per day: R = 86400/T<sub>update</sub> + 86400/T
          <sub>inventory</sub> + 86400/T<sub>jwt</sub>, with T<sub>jwt</sub> ={' '}
          {duration(JWT_LIFETIME_SECONDS)} (the open-source token lifetime; hosted does
          not publish its own). Boots add three requests each.
        </li>
        <li>Fleet load: λ = N·R/86400 requests per second on average.</li>
        <li>
          Bytes: R × (TLS handshake {report.assumptions.tlsHandshakeBytes} B + HTTP about
          1,250 B). Measured bytes are the real HTTP/1.1 requests and responses plus the
          handshake per connection.
        </li>
        <li>
          Time to pick up a deployment: each device's poll phase is uniform over T, so
          percentile p is reached at p·T; the last of N devices at about T. As in Mender,
          a deployment holds the devices accepted when it is created: devices that boot
          later (boots spread over the first poll interval, 7 days on the micro defaults)
          are not in it, so a fleet may show fewer pickups than devices, or none.
        </li>
        <li>
          After an outage, devices that met it retry within the backoff cap (540 s by
          default, 15 s on the demo build), even past their poll interval; the others come
          back at their next poll.
        </li>
      </ul>
      {report.fleets.some(
        (fleet) => fleet.settings.updatePollSeconds >= JWT_LIFETIME_SECONDS,
      ) && (
        <p>
          At a 7-day poll interval almost every poll meets an expired token (401, auth,
          then the next poll), so the measured auth rate is above the model's.
        </p>
      )}
    </section>
  );
}

function Assumptions() {
  const assumptions = useLabStore((state) => state.assumptions);
  const setAssumption = useLabStore((state) => state.setAssumption);
  const resetAssumptions = useLabStore((state) => state.resetAssumptions);
  const keys = Object.keys(ASSUMPTION_NOTES) as (keyof LabAssumptions)[];
  return (
    <section className="lab-assumptions" aria-label="Assumptions">
      <h3>Assumptions (not measured: edit them for your hardware)</h3>
      <table>
        <tbody>
          {keys.map((key) => {
            const note = ASSUMPTION_NOTES[key];
            return (
              <tr key={key}>
                <th scope="row">
                  <label htmlFor={`assumption-${key}`}>
                    {note.label} ({note.unit})
                  </label>
                </th>
                <td>
                  <input
                    id={`assumption-${key}`}
                    type="number"
                    step="any"
                    min={0}
                    value={assumptions[key]}
                    onChange={(event) => {
                      const value = event.currentTarget.valueAsNumber;
                      if (Number.isFinite(value) && value >= 0) setAssumption(key, value);
                    }}
                  />
                </td>
                <td className="lab-source">{note.source}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={resetAssumptions}>
        Restore the default assumptions
      </button>
      <p className="lab-source">
        The hosted limiter's quota (one request per tier interval) and burst (three) are
        not published by Mender: they are the simulated server's assumptions.
      </p>
    </section>
  );
}

function Results() {
  const report = useLabStore((state) => state.report);
  if (report === null) return null;
  return (
    <section className="lab-results" aria-label="Lab results">
      <div className="lab-results-head">
        <h3>
          Results after {duration(report.virtualSeconds)} of virtual time,{' '}
          {report.devicesPerFleet} devices per fleet
        </h3>
        <button
          type="button"
          onClick={() => download(labCsv(report), 'polling-lab.csv', 'text/csv')}
        >
          Export CSV
        </button>
        <button
          type="button"
          onClick={() =>
            download(
              JSON.stringify(report, null, 2),
              'polling-lab-report.json',
              'application/json',
            )
          }
        >
          Export report (JSON)
        </button>
      </div>
      <ComparisonTable report={report} />
      <Charts report={report} />
      <BackOfEnvelope report={report} />
    </section>
  );
}

/** The polling lab: what interval settings cost and buy, measured from the simulation. */
export function PollingLab() {
  const error = useLabStore((state) => state.error);
  return (
    <div className="polling-lab">
      <h2>Polling lab</h2>
      <p className="lab-intro">
        Shorter intervals deliver updates sooner but multiply requests, bytes and battery
        drain; on hosted Mender, faster than the tier default counts as excessive use and
        is throttled. Each fleet below runs the same devices, seed and deployment against
        its own hosted-like server; every number is counted from the simulated traffic.
      </p>
      <FleetSetup />
      <LabSettings />
      <LabFile />
      <RunBar />
      {error !== null && (
        <div role="alert" className="load-error">
          <pre>{error}</pre>
        </div>
      )}
      <Results />
      <Assumptions />
    </div>
  );
}
