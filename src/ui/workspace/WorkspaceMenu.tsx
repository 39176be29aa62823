import { useEffect, useId, useState } from 'react';

import { useSimulationStore } from '../simulationStore.ts';
import { useViewStore } from '../viewStore.ts';
import { WORKSHOP_SCENARIOS } from './workshopScenarios.ts';
import { useWorkspaceStore } from './workspaceStore.ts';
import './workspace.css';

const FLEET = '(fleet)';

/** The built-in lessons; choosing one loads it. */
function WorkshopScenarioSelect() {
  const loadScenario = useWorkspaceStore((state) => state.loadScenario);
  const busy = useWorkspaceStore((state) => state.busy);
  return (
    <label className="workshop-select">
      Workshop scenario
      <select
        value=""
        disabled={busy !== null}
        onChange={(event) => {
          const chosen = WORKSHOP_SCENARIOS.find(
            (entry) => entry.id === event.target.value,
          );
          if (chosen !== undefined) loadScenario(chosen.scenario);
        }}
      >
        <option value="">Load a lesson…</option>
        {WORKSHOP_SCENARIOS.map(({ id, scenario }) => (
          <option key={id} value={id}>
            {scenario.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What the loaded scenario teaches, for the trainer. */
function TrainerNotes() {
  const description = useSimulationStore(
    (state) => state.simulation?.scenario.description,
  );
  if (description === undefined) return null;
  return (
    <details className="trainer-notes">
      <summary>What to look at</summary>
      <p>{description}</p>
    </details>
  );
}

/** Whose traffic to export: the whole fleet or one device (the selected one first). */
function HarExport() {
  const selected = useViewStore((state) => state.selectedDeviceId);
  const deviceIds = useSimulationStore((state) =>
    state.simulation === null ? null : state.simulation.fleet,
  );
  const exportHar = useWorkspaceStore((state) => state.exportHar);
  const busy = useWorkspaceStore((state) => state.busy);
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? selected ?? FLEET;
  return (
    <div className="har-export" role="group" aria-label="HAR export">
      <label>
        HAR traffic of
        <select value={value} onChange={(event) => setChoice(event.target.value)}>
          <option value={FLEET}>Whole fleet</option>
          {[...(deviceIds?.keys() ?? [])].map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={busy !== null}
        onClick={() => void exportHar(value === FLEET ? 'fleet' : { subject: value })}
      >
        Export HAR
      </button>
    </div>
  );
}

/**
 * The header's workspace menu: workshop scenarios, export and import of the
 * workspace (kept in this browser as it changes), and HAR export.
 */
export function WorkspaceMenu() {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const busy = useWorkspaceStore((state) => state.busy);
  const notice = useWorkspaceStore((state) => state.notice);
  const saved = useWorkspaceStore((state) => state.saved);
  const importFile = useWorkspaceStore((state) => state.importFile);
  const exportFile = useWorkspaceStore((state) => state.exportFile);
  const startAutosave = useWorkspaceStore((state) => state.startAutosave);

  useEffect(() => {
    void startAutosave();
  }, [startAutosave]);

  return (
    <div className="workspace-menu">
      <WorkshopScenarioSelect />
      <TrainerNotes />
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Workspace
      </button>
      {open && (
        <div id={panelId} className="workspace-panel">
          <button
            type="button"
            disabled={busy !== null}
            onClick={() => void exportFile()}
          >
            Export workspace
          </button>
          <label className="workspace-import">
            Import workspace
            <input
              type="file"
              accept=".json,application/json"
              disabled={busy !== null}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file !== undefined) void importFile(file);
                event.target.value = '';
              }}
            />
          </label>
          <HarExport />
        </div>
      )}
      <p role="status" aria-label="Workspace status" className="workspace-status">
        {busy ?? notice ?? ''}
      </p>
      <p aria-label="Autosave" className="workspace-autosave">
        {saved !== null ? `Saved in this browser: ${saved}` : 'Not saved yet'}
      </p>
    </div>
  );
}
