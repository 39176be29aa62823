import { useState } from 'react';

import type { Simulation } from '../../fleet/index.ts';
import {
  DEVAUTH,
  LIST_PATHS,
  fleetNameOf,
  latestGet,
  listBody,
  sendManagement,
  type DeviceBody,
} from './management.ts';

/** The auth set an accept or reject acts on: the newest one in the wanted status. */
function authSetIn(device: DeviceBody, statuses: readonly string[]): string | undefined {
  for (const status of statuses) {
    const found = (device.auth_sets ?? []).filter((set) => set.status === status).at(-1);
    if (found !== undefined) return found.id;
  }
  return undefined;
}

function setAuthStatus(device: DeviceBody, status: 'accepted' | 'rejected'): void {
  const from = status === 'accepted' ? ['pending', 'rejected'] : ['accepted', 'pending'];
  const authSet = authSetIn(device, from);
  if (authSet === undefined) return;
  sendManagement({
    method: 'PUT',
    path: `${DEVAUTH}/devices/${device.id}/auth/${authSet}/status`,
    body: { status },
  });
}

function decommission(device: DeviceBody): void {
  sendManagement({ method: 'DELETE', path: `${DEVAUTH}/devices/${device.id}` });
}

function identityText(identity: Record<string, unknown>): string {
  return Object.entries(identity)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

function DeviceTable({
  simulation,
  devices,
  label,
  actions,
}: {
  simulation: Simulation | null;
  devices: DeviceBody[];
  label: string;
  actions: (device: DeviceBody, name: string) => React.ReactNode;
}) {
  if (devices.length === 0)
    return <p className="admin-empty">No {label.toLowerCase()}.</p>;
  return (
    <table className="admin-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Identity</th>
          <th scope="col">Server id</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => {
          const name = fleetNameOf(simulation, device.identity_data) ?? device.id;
          return (
            <tr key={device.id}>
              <th scope="row">{name}</th>
              <td>{identityText(device.identity_data)}</td>
              <td>
                <code>{device.id}</code>
              </td>
              <td>
                {device.status}
                {device.decommissioning === true ? ' (decommissioning)' : ''}
              </td>
              <td className="admin-actions">{actions(device, name)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

type AdmissionAction = 'accept' | 'reject' | 'decommission';

const ACTION_LABELS: Readonly<Record<AdmissionAction, string>> = {
  accept: 'Accept',
  reject: 'Reject',
  decommission: 'Decommission',
};

function perform(action: AdmissionAction, device: DeviceBody): void {
  if (action === 'decommission') decommission(device);
  else setAuthStatus(device, action === 'accept' ? 'accepted' : 'rejected');
}

/** The buttons of a table's rows, one per action the device's status allows. */
function admissionButtons(offered: readonly AdmissionAction[]) {
  return function AdmissionButtons(device: DeviceBody, name: string) {
    return (
      <>
        {offered.map((action) => (
          <button
            key={action}
            type="button"
            aria-label={`${ACTION_LABELS[action]} ${name}`}
            onClick={() => perform(action, device)}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
      </>
    );
  };
}

/** Pending, accepted and preauthorized devices, with the operator's admission actions. */
export function DevicesSection({ simulation }: { simulation: Simulation | null }) {
  const pending = listBody<DeviceBody>(latestGet(simulation, LIST_PATHS.pending));
  const accepted = listBody<DeviceBody>(latestGet(simulation, LIST_PATHS.accepted));
  const preauthorized = listBody<DeviceBody>(
    latestGet(simulation, LIST_PATHS.preauthorized),
  );

  return (
    <section className="admin-section" aria-labelledby="admin-devices">
      <h3 id="admin-devices">Devices</h3>
      <div className="admin-heading-row">
        <h4>Pending ({pending.length})</h4>
        <button
          type="button"
          disabled={pending.length === 0}
          onClick={() => pending.forEach((device) => setAuthStatus(device, 'accepted'))}
        >
          Accept all pending
        </button>
      </div>
      <DeviceTable
        simulation={simulation}
        devices={pending}
        label="Pending devices"
        actions={admissionButtons(['accept', 'reject', 'decommission'])}
      />
      <h4>Accepted ({accepted.length})</h4>
      <DeviceTable
        simulation={simulation}
        devices={accepted}
        label="Accepted devices"
        actions={admissionButtons(['reject', 'decommission'])}
      />
      <h4>Preauthorized ({preauthorized.length})</h4>
      <DeviceTable
        simulation={simulation}
        devices={preauthorized}
        label="Preauthorized devices"
        actions={admissionButtons(['decommission'])}
      />
      <PreauthorizeForm simulation={simulation} />
    </section>
  );
}

/** Identity data and a public key, as an operator preauthorizes a device. */
function PreauthorizeForm({ simulation }: { simulation: Simulation | null }) {
  const [identity, setIdentity] = useState('{"mac":""}');
  const [publicKey, setPublicKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fleetIds = simulation === null ? [] : [...simulation.fleet.keys()];

  const fillFrom = (deviceId: string) => {
    const known = simulation?.identityAndKey(deviceId);
    if (known === undefined) return;
    setIdentity(JSON.stringify(known.identity));
    setPublicKey(known.publicKeyPem);
    setProblem(null);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    let identityData: unknown;
    try {
      identityData = JSON.parse(identity);
    } catch (error) {
      setProblem(
        `Identity data is not JSON (${error instanceof Error ? error.message : String(error)}): write an object such as {"mac":"02:00:00:00:00:01"}.`,
      );
      return;
    }
    if (typeof identityData !== 'object' || identityData === null) {
      setProblem(
        'Identity data must be a JSON object such as {"mac":"02:00:00:00:00:01"}.',
      );
      return;
    }
    setProblem(null);
    sendManagement({
      method: 'POST',
      path: `${DEVAUTH}/devices`,
      body: { identity_data: identityData as Record<string, string>, pubkey: publicKey },
    });
  };

  return (
    <form className="admin-form" aria-label="Preauthorize a device" onSubmit={submit}>
      <h4>Preauthorize</h4>
      <label>
        Fill from fleet device{' '}
        <select
          aria-label="Fill from fleet device"
          value=""
          onChange={(event) => fillFrom(event.target.value)}
        >
          <option value="">choose…</option>
          {fleetIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Identity data (JSON)
        <input value={identity} onChange={(event) => setIdentity(event.target.value)} />
      </label>
      <label>
        Public key (PEM)
        <textarea
          rows={4}
          value={publicKey}
          onChange={(event) => setPublicKey(event.target.value)}
        />
      </label>
      {problem !== null && (
        <p role="alert" className="admin-problem">
          {problem}
        </p>
      )}
      <button type="submit">Preauthorize</button>
    </form>
  );
}
