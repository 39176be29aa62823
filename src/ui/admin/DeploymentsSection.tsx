import { useState } from 'react';

import type { Simulation } from '../../fleet/index.ts';
import {
  DEPLOYMENTS,
  LIST_PATHS,
  deploymentDevicesPath,
  deploymentLogPath,
  fleetNameOf,
  latestGet,
  listBody,
  sendManagement,
  statisticsPath,
  watchedDeployments,
  type ArtifactBody,
  type DeploymentBody,
  type DeploymentDeviceBody,
  type DeviceBody,
} from './management.ts';

/** The statistics keys in the order Mender's UI groups them. */
const STATISTIC_KEYS = [
  'pending',
  'downloading',
  'installing',
  'rebooting',
  'success',
  'failure',
  'already-installed',
  'noartifact',
  'aborted',
  'decommissioned',
] as const;

function Statistics({
  simulation,
  deployment,
}: {
  simulation: Simulation | null;
  deployment: DeploymentBody;
}) {
  const exchange = latestGet(simulation, statisticsPath(deployment.id));
  if (exchange?.status !== 200 || typeof exchange.body !== 'object') {
    return <span className="admin-empty">not fetched yet</span>;
  }
  const stats = exchange.body as Record<string, number>;
  return (
    <dl className="admin-stats" aria-label={`Statistics of ${deployment.name}`}>
      {STATISTIC_KEYS.filter((key) => (stats[key] ?? 0) > 0 || key === 'success').map(
        (key) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{stats[key] ?? 0}</dd>
          </div>
        ),
      )}
    </dl>
  );
}

/** The deployment log a device uploaded after failing, fetched on demand. */
function DeviceLog({
  simulation,
  deploymentId,
  deviceId,
  name,
}: {
  simulation: Simulation | null;
  deploymentId: string;
  deviceId: string;
  name: string;
}) {
  const path = deploymentLogPath(deploymentId, deviceId);
  const exchange = latestGet(simulation, path);
  if (exchange === undefined) {
    return (
      <button
        type="button"
        aria-label={`Fetch the deployment log of ${name}`}
        onClick={() => sendManagement({ method: 'GET', path })}
      >
        Fetch log
      </button>
    );
  }
  return (
    <pre className="admin-log" aria-label={`Deployment log of ${name}`}>
      {exchange.status === 200 ? String(exchange.body ?? '') : `HTTP ${exchange.status}`}
    </pre>
  );
}

/** Each device of a deployment with the status and substate it reported. */
function DeploymentDevices({
  simulation,
  deployment,
}: {
  simulation: Simulation | null;
  deployment: DeploymentBody;
}) {
  const [open, setOpen] = useState(() => watchedDeployments.has(deployment.id));
  const devices = listBody<DeploymentDeviceBody>(
    latestGet(simulation, deploymentDevicesPath(deployment.id)),
  );
  const accepted = listBody<DeviceBody>(latestGet(simulation, LIST_PATHS.accepted));
  const nameOf = (id: string) => {
    const device = accepted.find((candidate) => candidate.id === id);
    return (device && fleetNameOf(simulation, device.identity_data)) ?? id;
  };
  return (
    <details
      open={open}
      onToggle={(event) => {
        const isOpen = event.currentTarget.open;
        setOpen(isOpen);
        if (isOpen && !watchedDeployments.has(deployment.id)) {
          watchedDeployments.add(deployment.id);
          sendManagement({ method: 'GET', path: deploymentDevicesPath(deployment.id) });
        } else if (!isOpen) watchedDeployments.delete(deployment.id);
      }}
    >
      <summary>Devices of {deployment.name}</summary>
      {devices.length === 0 ? (
        <p className="admin-empty">Not fetched yet, or no devices.</p>
      ) : (
        <table className="admin-table" aria-label={`Devices of ${deployment.name}`}>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Status</th>
              <th scope="col">Substate</th>
              <th scope="col">Finished</th>
              <th scope="col">Deployment log</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((device) => {
              const name = nameOf(device.id);
              return (
                <tr key={device.id}>
                  <th scope="row">{name}</th>
                  <td>{device.status}</td>
                  <td>{device.substate ?? '—'}</td>
                  <td>{device.finished ?? '—'}</td>
                  <td>
                    {device.log ? (
                      <DeviceLog
                        simulation={simulation}
                        deploymentId={deployment.id}
                        deviceId={device.id}
                        name={name}
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </details>
  );
}

/** Deployments: create one for all or chosen devices, abort, live statistics. */
export function DeploymentsSection({ simulation }: { simulation: Simulation | null }) {
  const deployments = listBody<DeploymentBody>(
    latestGet(simulation, LIST_PATHS.deployments),
  );
  return (
    <section className="admin-section" aria-labelledby="admin-deployments">
      <h3 id="admin-deployments">Deployments</h3>
      <CreateDeploymentForm simulation={simulation} />
      {deployments.length === 0 ? (
        <p className="admin-empty">No deployments.</p>
      ) : (
        <table className="admin-table" aria-label="Deployments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Release</th>
              <th scope="col">Status</th>
              <th scope="col">Devices</th>
              <th scope="col">Created</th>
              <th scope="col">Statistics</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {deployments.map((deployment) => (
              <tr key={deployment.id}>
                <th scope="row">{deployment.name}</th>
                <td>{deployment.artifact_name}</td>
                <td>{deployment.status}</td>
                <td>{deployment.max_devices ?? deployment.device_count}</td>
                <td>{deployment.created}</td>
                <td>
                  <Statistics simulation={simulation} deployment={deployment} />
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Abort ${deployment.name}`}
                    disabled={deployment.status === 'finished'}
                    onClick={() =>
                      sendManagement({
                        method: 'PUT',
                        path: `${DEPLOYMENTS}/deployments/${deployment.id}/status`,
                        body: { status: 'aborted' },
                      })
                    }
                  >
                    Abort
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deployments.map((deployment) => (
        <DeploymentDevices
          key={deployment.id}
          simulation={simulation}
          deployment={deployment}
        />
      ))}
    </section>
  );
}

function CreateDeploymentForm({ simulation }: { simulation: Simulation | null }) {
  const artifacts = listBody<ArtifactBody>(latestGet(simulation, LIST_PATHS.artifacts));
  const accepted = listBody<DeviceBody>(latestGet(simulation, LIST_PATHS.accepted));
  const releases = [...new Set(artifacts.map((artifact) => artifact.name))];
  const [release, setRelease] = useState('');
  const [name, setName] = useState('');
  const [target, setTarget] = useState<'all' | 'chosen'>('all');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [force, setForce] = useState(false);
  const chosenRelease = release !== '' ? release : (releases[0] ?? '');

  const create = (event: React.FormEvent) => {
    event.preventDefault();
    if (chosenRelease === '') return;
    sendManagement({
      method: 'POST',
      path: `${DEPLOYMENTS}/deployments`,
      body: {
        name: name !== '' ? name : `${chosenRelease} deployment`,
        artifact_name: chosenRelease,
        ...(target === 'all' ? { all_devices: true } : { devices: [...chosen] }),
        ...(force ? { force_installation: true } : {}),
      },
    });
  };

  return (
    <form className="admin-form" aria-label="Create a deployment" onSubmit={create}>
      <h4>Create a deployment</h4>
      <label>
        Release
        <select
          aria-label="Release"
          value={chosenRelease}
          onChange={(event) => setRelease(event.target.value)}
        >
          {releases.length === 0 && <option value="">upload an artifact first</option>}
          {releases.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Deployment name
        <input
          value={name}
          placeholder={`${chosenRelease} deployment`}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <fieldset>
        <legend>Devices</legend>
        <label>
          <input
            type="radio"
            name="deployment-target"
            checked={target === 'all'}
            onChange={() => setTarget('all')}
          />
          All accepted devices
        </label>
        <label>
          <input
            type="radio"
            name="deployment-target"
            checked={target === 'chosen'}
            onChange={() => setTarget('chosen')}
          />
          Chosen devices
        </label>
        {target === 'chosen' && (
          <div className="admin-device-choice">
            {accepted.map((device) => {
              const label = fleetNameOf(simulation, device.identity_data) ?? device.id;
              return (
                <label key={device.id}>
                  <input
                    type="checkbox"
                    checked={chosen.has(device.id)}
                    onChange={(event) => {
                      const next = new Set(chosen);
                      if (event.target.checked) next.add(device.id);
                      else next.delete(device.id);
                      setChosen(next);
                    }}
                  />
                  {label}
                </label>
              );
            })}
          </div>
        )}
      </fieldset>
      <label>
        <input
          type="checkbox"
          checked={force}
          onChange={(event) => setForce(event.target.checked)}
        />
        Force installation (even where this release is installed)
      </label>
      <button type="submit" disabled={chosenRelease === ''}>
        Create deployment
      </button>
    </form>
  );
}
