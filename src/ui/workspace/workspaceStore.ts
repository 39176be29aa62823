import { create } from 'zustand';

import {
  captureWorkspace,
  exportHar,
  parseWorkspace,
  restoreWorkspace,
  serializeWorkspace,
  type HarScope,
  type Scenario,
  type Workspace,
} from '../../fleet/index.ts';
import { formatVirtualTime } from '../format.ts';
import { useSimulationStore } from '../simulationStore.ts';
import { loadSavedWorkspace, saveWorkspace } from './persistence.ts';

/** How often the running workspace is saved while it changes, in wall milliseconds. */
const AUTOSAVE_INTERVAL_MS = 1000;
const APP_VERSION = '0.1.0';
/** Longest wait for the run to reach a point between two events, in wall milliseconds. */
const SAFE_POINT_WAIT_MS = 5000;

interface WorkspaceState {
  /** Set while a restore or an export is under way: what it is doing. */
  busy: string | null;
  /** The last outcome worth telling the user (restored, exported, what is missing). */
  notice: string | null;
  /** The last autosave: scenario name and virtual time. */
  saved: string | null;

  loadScenario(scenario: Scenario): void;
  importFile(file: File): Promise<void>;
  exportFile(): Promise<void>;
  exportHar(scope: HarScope): Promise<void>;
  /** Restores the workspace saved in this browser, then saves from then on. Once per page. */
  startAutosave(): Promise<void>;
}

/** Offers `text` to the user as a file download. */
/** Gives the page a turn during a long replay (a macrotask; the replay reads no timer). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser the time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * The run's inputs at a point between two events (never while an event's
 * async work is pending), so that a replay can reach exactly that point.
 */
function captureAtSafePoint(): Promise<Workspace | undefined> {
  const { simulation, player } = useSimulationStore.getState();
  if (simulation === null || player === null) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // A run replaced before its next safe point never gets there: give up then.
    const giveUp = setTimeout(() => resolve(undefined), SAFE_POINT_WAIT_MS);
    player.runAtSafePoint(() => {
      clearTimeout(giveUp);
      resolve(captureWorkspace(simulation, new Date().toISOString()));
    });
  });
}

let autosaveStarted = false;
let autosaveOn = false;
let saving = false;
let lastSaved:
  { simulation: unknown; actions: number; events: number; time: number } | undefined;

export const useWorkspaceStore = create<WorkspaceState>((set, get) => {
  async function saveIfChanged(): Promise<void> {
    const { simulation } = useSimulationStore.getState();
    if (!autosaveOn || saving || get().busy !== null || simulation === null) return;
    const point = {
      simulation,
      actions: simulation.recordedActions.length,
      events: simulation.kernel.clock.fired,
      // Time also moves between events (a pause lands between two): the point reached changes.
      time: simulation.kernel.now(),
    };
    if (
      lastSaved !== undefined &&
      lastSaved.simulation === point.simulation &&
      lastSaved.actions === point.actions &&
      lastSaved.events === point.events &&
      lastSaved.time === point.time
    ) {
      return;
    }
    saving = true;
    try {
      const workspace = await captureAtSafePoint();
      if (workspace === undefined) return;
      await saveWorkspace(workspace);
      lastSaved = point;
      set({
        saved: `${workspace.scenario.name} at ${formatVirtualTime(workspace.reached.virtualTimeMs)}`,
      });
    } catch (error) {
      set({
        saved: null,
        notice: `The workspace could not be saved in this browser: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      saving = false;
    }
  }

  /** Replaces the running workspace with `workspace`, replayed from its inputs. */
  async function restore(workspace: Workspace, source: string): Promise<void> {
    const at = formatVirtualTime(workspace.reached.virtualTimeMs);
    set({
      busy: `Restoring ${source}: replaying ${workspace.actions.length} actions to ${at}…`,
      notice: null,
    });
    try {
      const store = useSimulationStore.getState();
      store.pause();
      store.load(workspace.scenario);
      const { simulation, player } = useSimulationStore.getState();
      if (simulation === null || player === null) return;
      const outcome = await restoreWorkspace(simulation, workspace, { pause: nextTurn });
      // Shows the restored point without firing anything.
      player.runAtSafePoint(() => undefined);
      set({
        notice: outcome.matches
          ? `Restored ${source}: ${workspace.actions.length} actions replayed to ${at}; the trace hash matches the saved one.`
          : `Restored ${source}, but the replay did not give the saved run (trace hash ${outcome.traceHash}, saved ${workspace.traceHash}` +
            `${outcome.diverged !== undefined ? `; ${outcome.diverged}` : ''}). ` +
            'The workspace was made by another version of the simulator or edited: what you see is what its inputs give now.',
      });
    } finally {
      set({ busy: null });
    }
  }

  return {
    busy: null,
    notice: null,
    saved: null,

    loadScenario(scenario) {
      try {
        useSimulationStore.getState().load(scenario);
        set({ notice: null });
      } catch (error) {
        useSimulationStore.getState().reportLoadError(error);
      }
    },

    async importFile(file) {
      if (get().busy !== null) return;
      let workspace: Workspace;
      try {
        workspace = parseWorkspace(await file.text(), file.name);
      } catch (error) {
        // Nothing was changed: the running workspace goes on as it was.
        useSimulationStore.getState().reportLoadError(error);
        return;
      }
      try {
        await restore(workspace, file.name);
      } catch (error) {
        useSimulationStore.getState().reportLoadError(error);
      }
      await saveIfChanged();
    },

    async exportFile() {
      const workspace = await captureAtSafePoint();
      if (workspace === undefined) return;
      const name = `${fileSafe(workspace.scenario.name)}-${fileSafe(formatVirtualTime(workspace.reached.virtualTimeMs))}.workspace.json`;
      download(name, serializeWorkspace(workspace), 'application/json');
      set({
        notice: `Exported ${name}: ${workspace.actions.length} actions, ${workspace.files.length} files, trace hash ${workspace.traceHash}.`,
      });
    },

    async exportHar(scope) {
      const { simulation, player } = useSimulationStore.getState();
      if (simulation === null || player === null || get().busy !== null) return;
      const who = scope === 'fleet' ? 'fleet' : scope.subject;
      set({ busy: `Preparing the HAR of ${who}…`, notice: null });
      try {
        player.pause();
        const exported = await exportHar(simulation, scope, APP_VERSION);
        const at = formatVirtualTime(simulation.kernel.now());
        const name = `${fileSafe(who)}-${fileSafe(at)}.har`;
        download(name, JSON.stringify(exported.har, null, 1), 'application/json');
        set({
          notice:
            exported.missing ??
            `Exported ${name}: ${exported.har.log.entries.length} requests` +
              (exported.rebuilt
                ? ', older ones rebuilt by replaying the run (the app keeps a bounded history per device).'
                : '.'),
        });
      } finally {
        set({ busy: null });
      }
    },

    async startAutosave() {
      if (autosaveStarted) return;
      autosaveStarted = true;
      // A scenario asked for in the address wins over the saved workspace.
      const asked = new URLSearchParams(location.search).has('scenario');
      try {
        const saved = asked ? undefined : await loadSavedWorkspace();
        if (saved !== undefined)
          await restore(saved, 'the workspace saved in this browser');
      } catch (error) {
        set({
          notice:
            'The workspace saved in this browser could not be restored, so the default scenario runs ' +
            `(it is replaced at the next save): ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      autosaveOn = true;
      setInterval(() => void saveIfChanged(), AUTOSAVE_INTERVAL_MS);
      await saveIfChanged();
    },
  };
});
