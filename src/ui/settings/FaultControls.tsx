import { useState } from 'react';

import { UPDATE_STATES } from '../../machines/menderTypes.ts';
import { userActionSchema, type UserAction } from '../../fleet/index.ts';
import { useSimulationStore } from '../simulationStore.ts';

type Selector = 'all' | [string, ...string[]];

/** The client states and update states a power cut can wait for. */
const CUT_STATES = [
  'INITIALIZATION',
  'OPERATIONAL',
  'PENDING_REBOOT',
  ...UPDATE_STATES,
] as const;
type CutState = (typeof CUT_STATES)[number];

/**
 * Faults a user injects into running devices (one, or the whole fleet):
 * power, network, TLS certificates, a crashing image. Each is a recorded
 * action, replayed at the same point.
 */
export function FaultControls({
  devices,
  subject,
}: {
  devices: Selector;
  subject: string;
}) {
  const perform = useSimulationStore((state) => state.perform);
  const [problem, setProblem] = useState<string | null>(null);
  // Checked like a scenario's timeline, so a bad number never reaches a device.
  const act = (action: UserAction) => {
    const parsed = userActionSchema.safeParse(action);
    if (!parsed.success) {
      setProblem(
        parsed.error.issues
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      );
      return;
    }
    setProblem(null);
    perform(parsed.data);
  };

  const [cutState, setCutState] = useState<CutState>('INSTALL');
  const [offFor, setOffFor] = useState('10');
  const [latency, setLatency] = useState('120');
  const [loss, setLoss] = useState('0');
  const [bandwidth, setBandwidth] = useState('250000');
  const [apiCa, setApiCa] = useState(true);
  const [artifactCa, setArtifactCa] = useState(true);
  const [crashing, setCrashing] = useState('');

  return (
    <div className="settings-faults" aria-label={`Faults for ${subject}`} role="group">
      {problem !== null && (
        <p role="alert" className="settings-problem">
          Not applied: {problem}
        </p>
      )}
      <fieldset>
        <legend>Power</legend>
        <button type="button" onClick={() => act({ action: 'power.off', devices })}>
          Power off
        </button>
        <button type="button" onClick={() => act({ action: 'power.on', devices })}>
          Power on
        </button>
        <label>
          Cut power on entering
          <select
            aria-label="Cut power on entering state"
            value={cutState}
            onChange={(event) => setCutState(event.target.value as CutState)}
          >
            {CUT_STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </label>
        <label>
          Off for (s, empty: stays off)
          <input
            type="number"
            min={0}
            value={offFor}
            onChange={(event) => setOffFor(event.target.value)}
          />
        </label>
        <button
          type="button"
          onClick={() =>
            act({
              action: 'power.cut',
              devices,
              onEnteringState: cutState,
              ...(offFor.trim() !== '' ? { offForSeconds: Number(offFor) } : {}),
            })
          }
        >
          Arm power cut
        </button>
      </fieldset>

      <fieldset>
        <legend>Network</legend>
        <button type="button" onClick={() => act({ action: 'network.down', devices })}>
          Network down
        </button>
        <button type="button" onClick={() => act({ action: 'network.up', devices })}>
          Network up
        </button>
        <label>
          Latency (ms)
          <input
            type="number"
            min={0}
            value={latency}
            onChange={(event) => setLatency(event.target.value)}
          />
        </label>
        <label>
          Loss (0–1)
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={loss}
            onChange={(event) => setLoss(event.target.value)}
          />
        </label>
        <label>
          Bandwidth (bytes/s)
          <input
            type="number"
            min={1}
            value={bandwidth}
            onChange={(event) => setBandwidth(event.target.value)}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={apiCa}
            onChange={(event) => setApiCa(event.target.checked)}
          />
          CA certificate of the API host installed
        </label>
        <label>
          <input
            type="checkbox"
            checked={artifactCa}
            onChange={(event) => setArtifactCa(event.target.checked)}
          />
          CA certificate of the artifact host installed
        </label>
        <button
          type="button"
          onClick={() =>
            act({
              action: 'network.set',
              devices,
              latencyMs: Number(latency),
              lossRate: Number(loss),
              bandwidthBytesPerSecond: Number(bandwidth),
              apiCaInstalled: apiCa,
              artifactCaInstalled: artifactCa,
            })
          }
        >
          Apply network
        </button>
      </fieldset>

      <fieldset>
        <legend>Firmware</legend>
        <label>
          New image that crashes at boot (artifact name)
          <input value={crashing} onChange={(event) => setCrashing(event.target.value)} />
        </label>
        <button
          type="button"
          disabled={crashing.trim() === ''}
          onClick={() =>
            act({ action: 'firmware.crash', devices, artifactName: crashing.trim() })
          }
        >
          Make it crash at boot
        </button>
        <button
          type="button"
          onClick={() => act({ action: 'device.recommission', devices })}
        >
          Recommission (new key)
        </button>
      </fieldset>
    </div>
  );
}
