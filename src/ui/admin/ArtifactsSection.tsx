import { sha256 } from '@noble/hashes/sha2.js';
import { useState } from 'react';

import {
  ArtifactError,
  ArtifactSpecError,
  readArtifactAsync,
  writeArtifact,
} from '../../artifact/index.ts';
import type { Simulation } from '../../fleet/index.ts';
import {
  DEPLOYMENTS,
  LIST_PATHS,
  latestGet,
  listBody,
  sendManagement,
  type ArtifactBody,
} from './management.ts';

/** Where in the file the reader found the problem, in words. */
function locationOf(error: ArtifactError): string {
  if (error.member === '') return `at byte ${error.offset}`;
  const entry = error.entry !== undefined ? `, entry ${error.entry}` : '';
  return `in member ${error.member}${entry} (byte ${error.offset})`;
}

/**
 * Reads the file as the server will before sending it, so a file that is
 * not a Mender Artifact is named with its problem and nothing is recorded.
 */
async function checkArtifact(name: string, bytes: Uint8Array): Promise<string | null> {
  try {
    await readArtifactAsync(bytes, { mode: 'server' });
    return null;
  } catch (error) {
    if (error instanceof ArtifactError) {
      return `${name} is not a valid Mender Artifact ${locationOf(error)}: ${error.message.replace(/\.$/, '')}. Nothing was uploaded; the running simulation is unchanged. Build the artifact again with mender-artifact and upload the new file.`;
    }
    throw error;
  }
}

/**
 * What mender-mcu will make of an artifact the server accepts: it reads
 * uncompressed artifacts only, one payload, no signature check.
 */
async function deviceNotice(name: string, bytes: Uint8Array): Promise<string | null> {
  try {
    await readArtifactAsync(bytes, { mode: 'device', acceptPayloadType: () => true });
    return null;
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    const said =
      error.clientMessage !== undefined ? ` (it logs "${error.clientMessage}")` : '';
    return `The server accepts ${name}, but mender-mcu will refuse it when it downloads it${said}: ${error.message}`;
  }
}

interface UploadOutcome {
  readonly problem: string | null;
  readonly notice: string | null;
}

async function uploadFile(
  simulation: Simulation,
  name: string,
  bytes: Uint8Array,
  description: string,
): Promise<UploadOutcome> {
  const problem = await checkArtifact(name, bytes);
  if (problem !== null) return { problem, notice: null };
  const notice = await deviceNotice(name, bytes);
  const file = simulation.files.add(name, bytes);
  sendManagement({
    method: 'POST',
    path: `${DEPLOYMENTS}/artifacts`,
    upload: { sha256: file.sha256, description },
  });
  return { problem: null, notice };
}

/** Stand-in firmware bytes, the same for the same name and size (the file table keeps them). */
function firmwareBytes(artifactName: string, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const seed = new TextEncoder().encode(`firmware:${artifactName}`);
  for (let block = 0; block * 32 < size; block++) {
    const input = new Uint8Array(seed.length + 4);
    input.set(seed);
    new DataView(input.buffer).setUint32(seed.length, block);
    const digest = sha256(input);
    bytes.set(digest.subarray(0, Math.min(32, size - block * 32)), block * 32);
  }
  return bytes;
}

function ArtifactTable({ artifacts }: { artifacts: ArtifactBody[] }) {
  if (artifacts.length === 0)
    return <p className="admin-empty">No artifacts uploaded.</p>;
  return (
    <table className="admin-table" aria-label="Artifacts">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Device types</th>
          <th scope="col">Payload</th>
          <th scope="col">Size</th>
          <th scope="col">Signed</th>
          <th scope="col">Provides</th>
          <th scope="col">Depends</th>
          <th scope="col">Description</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {artifacts.map((artifact) => (
          <tr key={artifact.id}>
            <th scope="row">{artifact.name}</th>
            <td>{artifact.device_types_compatible.join(', ')}</td>
            <td>
              {artifact.updates.map((update, index) => (
                <div key={index}>
                  {update.type_info.type ?? '(empty payload)'}:{' '}
                  {update.files.map((file) => `${file.name} (${file.size} B)`).join(', ')}
                </div>
              ))}
            </td>
            <td>{artifact.size} B</td>
            <td>{artifact.signed ? 'yes (not verified by mender-mcu)' : 'no'}</td>
            <td>
              <KeyValues values={artifact.artifact_provides ?? {}} />
            </td>
            <td>
              <KeyValues values={artifact.artifact_depends ?? {}} />
            </td>
            <td>{artifact.description}</td>
            <td>
              <button
                type="button"
                aria-label={`Delete ${artifact.name}`}
                onClick={() =>
                  sendManagement({
                    method: 'DELETE',
                    path: `${DEPLOYMENTS}/artifacts/${artifact.id}`,
                  })
                }
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KeyValues({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <>–</>;
  return (
    <ul className="admin-kv">
      {entries.map(([key, value]) => (
        <li key={key}>
          <code>{key}</code>: {Array.isArray(value) ? value.join(', ') : String(value)}
        </li>
      ))}
    </ul>
  );
}

/** Artifacts on the server: upload a `.mender` file, or build one with a form. */
export function ArtifactsSection({ simulation }: { simulation: Simulation | null }) {
  const artifacts = listBody<ArtifactBody>(latestGet(simulation, LIST_PATHS.artifacts));
  const [outcome, setOutcome] = useState<UploadOutcome>({ problem: null, notice: null });
  const [description, setDescription] = useState('');
  const [dragging, setDragging] = useState(false);

  const upload = async (files: FileList | null) => {
    const file = files?.[0];
    if (simulation === null || file === undefined) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    setOutcome(await uploadFile(simulation, file.name, bytes, description));
  };

  return (
    <section className="admin-section" aria-labelledby="admin-artifacts">
      <h3 id="admin-artifacts">Artifacts</h3>
      <div
        className={dragging ? 'admin-drop admin-drop-active' : 'admin-drop'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void upload(event.dataTransfer.files);
        }}
      >
        <p>Drop a .mender file here, or</p>
        <label>
          Upload artifact{' '}
          <input
            type="file"
            accept=".mender"
            onChange={(event) => {
              void upload(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
        <label>
          Description{' '}
          <input
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
      </div>
      {outcome.problem !== null && (
        <div role="alert" className="admin-problem">
          {outcome.problem}
        </div>
      )}
      {outcome.notice !== null && (
        <p role="status" className="admin-notice">
          {outcome.notice}
        </p>
      )}
      <ArtifactTable artifacts={artifacts} />
      <BuildArtifactForm simulation={simulation} onOutcome={setOutcome} />
    </section>
  );
}

/** A firmware artifact made with the artifact writer, as `mender-artifact write module-image` would. */
function BuildArtifactForm({
  simulation,
  onOutcome,
}: {
  simulation: Simulation | null;
  onOutcome: (outcome: UploadOutcome) => void;
}) {
  const firstType = simulation?.groups.values().next().value?.settings.deviceType ?? '';
  const [name, setName] = useState('release-2');
  const [deviceTypes, setDeviceTypes] = useState(firstType);
  const [payloadType, setPayloadType] = useState('zephyr-image');
  const [payloadBytes, setPayloadBytes] = useState(65_536);

  const build = async (event: React.FormEvent) => {
    event.preventDefault();
    if (simulation === null) return;
    let bytes: Uint8Array;
    try {
      bytes = writeArtifact({
        artifactName: name,
        payloadType,
        deviceTypes: deviceTypes.split(/[\s,]+/).filter((type) => type !== ''),
        files: [{ name: 'zephyr.signed.bin', data: firmwareBytes(name, payloadBytes) }],
      });
    } catch (error) {
      if (error instanceof ArtifactSpecError) {
        onOutcome({
          problem: `Cannot build the artifact: ${error.field}: ${error.message}`,
          notice: null,
        });
        return;
      }
      throw error;
    }
    onOutcome(
      await uploadFile(
        simulation,
        `${name}.mender`,
        bytes,
        'built with the artifact form',
      ),
    );
  };

  return (
    <form className="admin-form" aria-label="Build a firmware artifact" onSubmit={build}>
      <h4>Build a firmware artifact</h4>
      <label>
        Artifact name
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label>
        Compatible device types
        <input
          value={deviceTypes}
          onChange={(event) => setDeviceTypes(event.target.value)}
        />
      </label>
      <label>
        Payload type
        <input
          value={payloadType}
          onChange={(event) => setPayloadType(event.target.value)}
        />
      </label>
      <label>
        Payload size (bytes)
        <input
          type="number"
          min={0}
          max={5 * 1024 * 1024}
          value={payloadBytes}
          onChange={(event) => setPayloadBytes(Number(event.target.value))}
        />
      </label>
      <button type="submit">Build and upload</button>
    </form>
  );
}
