import { useState } from 'react';

import { UPDATE_STATES } from '../../machines/index.ts';
import { useSimulationStore } from '../simulationStore.ts';
import { useViewStore } from '../viewStore.ts';
import {
  ANY_DEVICE,
  describeBreakpoint,
  type BreakpointCondition,
} from './breakpoints.ts';

const CLIENT_STATES = ['INITIALIZATION', 'OPERATIONAL', 'PENDING_REBOOT'];
const STATES = [...CLIENT_STATES, ...UPDATE_STATES];

type Kind = BreakpointCondition['kind'];

/** Adds and removes breakpoints; they apply to the whole run. */
export function BreakpointEditor() {
  const breakpoints = useSimulationStore((state) => state.breakpoints);
  const addBreakpoint = useSimulationStore((state) => state.addBreakpoint);
  const removeBreakpoint = useSimulationStore((state) => state.removeBreakpoint);
  const fleet = useSimulationStore((state) => state.simulation?.fleet);
  const selected = useViewStore((state) => state.selectedDeviceId);
  const [kind, setKind] = useState<Kind>('state');
  const [device, setDevice] = useState('');
  const [state, setState] = useState<string>('ROLLBACK');
  const [status, setStatus] = useState('409');
  const [problem, setProblem] = useState<string | null>(null);

  const add = () => {
    const target = device.trim() === '' ? ANY_DEVICE : device.trim();
    if (target !== ANY_DEVICE && fleet?.has(target) !== true) {
      setProblem(
        `No device "${target}" in this fleet; leave the field empty for any device.`,
      );
      return;
    }
    if (kind === 'status') {
      const code = Number(status);
      if (!Number.isInteger(code) || code < 100 || code > 599) {
        setProblem(`"${status}" is not an HTTP status (100 to 599).`);
        return;
      }
      addBreakpoint({ kind, device: target, status: code });
    } else if (kind === 'state') {
      addBreakpoint({ kind, device: target, state });
    } else {
      addBreakpoint({ kind });
    }
    setProblem(null);
  };

  return (
    <details className="breakpoints">
      <summary>Breakpoints ({breakpoints.length})</summary>
      <form
        aria-label="New breakpoint"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <label>
          Pause when
          <select value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
            <option value="state">a device enters a state</option>
            <option value="status">a response has a status</option>
            <option value="deployment-finished">a deployment finishes</option>
          </select>
        </label>
        {kind !== 'deployment-finished' && (
          <label>
            Breakpoint device
            <input
              value={device}
              placeholder="any device"
              size={12}
              onChange={(event) => setDevice(event.target.value)}
            />
          </label>
        )}
        {kind === 'state' && (
          <label>
            Breakpoint state
            <select value={state} onChange={(event) => setState(event.target.value)}>
              {STATES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'status' && (
          <label>
            Breakpoint status
            <input
              value={status}
              size={4}
              inputMode="numeric"
              onChange={(event) => setStatus(event.target.value)}
            />
          </label>
        )}
        {selected !== null && kind !== 'deployment-finished' && (
          <button type="button" onClick={() => setDevice(selected)}>
            Use {selected}
          </button>
        )}
        <button type="submit">Add breakpoint</button>
        {problem !== null && <span role="alert">{problem}</span>}
      </form>
      <ul aria-label="Breakpoints">
        {breakpoints.map((breakpoint) => (
          <li key={breakpoint.id}>
            {describeBreakpoint(breakpoint)}{' '}
            <button
              type="button"
              aria-label={`Remove breakpoint: ${describeBreakpoint(breakpoint)}`}
              onClick={() => removeBreakpoint(breakpoint.id)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
