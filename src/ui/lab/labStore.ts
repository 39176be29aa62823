import { create } from 'zustand';

import {
  DEFAULT_ASSUMPTIONS,
  LabError,
  LabRun,
  PRESETS,
  fleetSettings,
  labAssumptions,
  parseLab,
  validateLab,
  type LabAssumptions,
  type LabInput,
  type LabReport,
  type PresetName,
} from '../../lab/index.ts';

/** One fleet as the form edits it. */
export interface FleetDraft {
  readonly name: string;
  readonly preset: PresetName;
  /** Used by `custom` (and shown for the presets). */
  readonly updatePollSeconds: number;
  readonly inventorySeconds: number;
}

export interface LabDraft {
  readonly devices: number;
  readonly durationDays: number;
  /** `first-poll-interval`, or a number of seconds. */
  readonly bootWindow: 'first-poll-interval' | number;
  readonly seed: number;
  readonly hostedLimiter: boolean;
  readonly testDevices: number;
  /** Hours into the run; null for no deployment. */
  readonly deploymentAtHours: number | null;
  /** Size of the deployed artifact's payload. */
  readonly payloadBytes: number;
  /** Hours into the run and minutes long; null for no outage. */
  readonly outage: { readonly atHours: number; readonly minutes: number } | null;
  readonly fleets: readonly FleetDraft[];
}

export type LabPhase = 'idle' | 'running' | 'paused' | 'finished';

interface LabState {
  draft: LabDraft;
  assumptions: LabAssumptions;
  phase: LabPhase;
  /** Virtual seconds all fleets have reached. */
  virtualSeconds: number;
  report: LabReport | null;
  error: string | null;
  edit(change: Partial<LabDraft>): void;
  addFleet(preset: PresetName, name?: string): void;
  removeFleet(index: number): void;
  editFleet(index: number, change: Partial<FleetDraft>): void;
  setAssumption(key: keyof LabAssumptions, value: number): void;
  resetAssumptions(): void;
  /** Replaces the form with a lab file's settings (the app's form has the hosted-style limiter only). */
  loadLab(text: string, fileName: string): void;
  run(): void;
  pause(): void;
  resume(): void;
}

const MAX_FLEETS = 4;
/** Wall time one slice of the run may take before the page gets a turn. */
const SLICE_MS = 24;
/** How often the report (charts, table) refreshes while running. */
const REFRESH_MS = 500;

export function fleetDraft(preset: PresetName, name: string): FleetDraft {
  const base = preset === 'custom' ? PRESETS.standard : PRESETS[preset];
  return {
    name,
    preset,
    updatePollSeconds: base.updatePollSeconds,
    inventorySeconds: base.inventorySeconds,
  };
}

function uniqueName(wanted: string, fleets: readonly FleetDraft[]): string {
  const base =
    wanted
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+/, '') || 'fleet';
  let name = base;
  for (let n = 2; fleets.some((fleet) => fleet.name === name); n++) name = `${base}-${n}`;
  return name;
}

/** The lab file the form describes (also what "Save lab file" would write). */
export function labInput(draft: LabDraft): LabInput {
  return {
    format: 'mcu-fleet-simulator/lab',
    version: 1,
    name: 'polling lab',
    seed: draft.seed,
    durationSeconds: Math.round(draft.durationDays * 86_400),
    devices: draft.devices,
    bootWindow: draft.bootWindow,
    server: {
      profile: 'hosted',
      rateLimit: draft.hostedLimiter ? { kind: 'tier-interval' } : 'off',
      testDevices: draft.testDevices,
    },
    ...(draft.deploymentAtHours !== null
      ? {
          deployment: {
            atSeconds: draft.deploymentAtHours * 3600,
            payloadBytes: draft.payloadBytes,
          },
        }
      : {}),
    ...(draft.outage !== null
      ? {
          outage: {
            atSeconds: draft.outage.atHours * 3600,
            durationSeconds: draft.outage.minutes * 60,
          },
        }
      : {}),
    fleets: draft.fleets.map((fleet) =>
      fleet.preset === 'custom'
        ? {
            name: fleet.name,
            preset: 'custom',
            updatePollSeconds: fleet.updatePollSeconds,
            inventorySeconds: fleet.inventorySeconds,
          }
        : { name: fleet.name, preset: fleet.preset },
    ),
  };
}

/** Gives the page a turn between slices (a macrotask, not a timer of the simulation). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

let current: LabRun | null = null;
/** The loop driving `current`; a resumed loop waits for a paused one to finish its slice. */
let driving: Promise<void> = Promise.resolve();
/** Bumped on every new run and pause, so a stale loop stops. */
let generation = 0;

export const useLabStore = create<LabState>((set, get) => {
  async function loop(run: LabRun, mine: number) {
    let lastRefresh = performance.now();
    for (;;) {
      const sliceStart = performance.now();
      const done = await run.advance(() => performance.now() - sliceStart > SLICE_MS);
      if (mine !== generation) return;
      const now = performance.now();
      if (done || now - lastRefresh > REFRESH_MS) {
        lastRefresh = now;
        set({ virtualSeconds: run.now / 1000, report: run.report(get().assumptions) });
      }
      if (done) {
        set({ phase: 'finished' });
        return;
      }
      await nextTurn();
      if (mine !== generation) return;
    }
  }

  function drive(run: LabRun) {
    const mine = generation;
    driving = driving
      .then(() => loop(run, mine))
      .catch((error: unknown) => {
        set({
          phase: 'paused',
          error: error instanceof Error ? error.message : String(error),
        });
      });
  }

  return {
    draft: {
      devices: 10,
      durationDays: 7,
      bootWindow: 'first-poll-interval',
      seed: 1,
      hostedLimiter: false,
      testDevices: 0,
      deploymentAtHours: 1,
      payloadBytes: 65_536,
      outage: null,
      fleets: [],
    },
    assumptions: DEFAULT_ASSUMPTIONS,
    phase: 'idle',
    virtualSeconds: 0,
    report: null,
    error: null,
    edit: (change) => set((state) => ({ draft: { ...state.draft, ...change } })),
    addFleet: (preset, name) =>
      set((state) => {
        if (state.draft.fleets.length >= MAX_FLEETS) return {};
        const fleet = fleetDraft(preset, uniqueName(name ?? preset, state.draft.fleets));
        return { draft: { ...state.draft, fleets: [...state.draft.fleets, fleet] } };
      }),
    removeFleet: (index) =>
      set((state) => ({
        draft: {
          ...state.draft,
          fleets: state.draft.fleets.filter((_, position) => position !== index),
        },
      })),
    editFleet: (index, change) =>
      set((state) => ({
        draft: {
          ...state.draft,
          fleets: state.draft.fleets.map((fleet, position) =>
            position === index ? { ...fleet, ...change } : fleet,
          ),
        },
      })),
    setAssumption: (key, value) => {
      const assumptions = { ...get().assumptions, [key]: value };
      set({ assumptions, report: current?.report(assumptions) ?? null });
    },
    resetAssumptions: () =>
      set({
        assumptions: DEFAULT_ASSUMPTIONS,
        report: current?.report(DEFAULT_ASSUMPTIONS) ?? null,
      }),
    loadLab: (text, fileName) => {
      try {
        const lab = parseLab(text, fileName);
        if (
          lab.server.rateLimit !== 'off' &&
          lab.server.rateLimit.kind !== 'tier-interval'
        ) {
          throw new Error(
            `The lab ${fileName} uses the ${lab.server.rateLimit.kind} limiter; the app's form offers the hosted-style limiter only. Run it with npm run lab instead.`,
          );
        }
        const assumptions = labAssumptions(lab);
        set({
          assumptions,
          error: null,
          draft: {
            devices: lab.devices,
            durationDays: lab.durationSeconds / 86_400,
            bootWindow: lab.bootWindow,
            seed: lab.seed,
            hostedLimiter: lab.server.rateLimit !== 'off',
            testDevices: lab.server.testDevices,
            deploymentAtHours:
              lab.deployment === undefined ? null : lab.deployment.atSeconds / 3600,
            payloadBytes: lab.deployment?.payloadBytes ?? 65_536,
            outage:
              lab.outage === undefined
                ? null
                : {
                    atHours: lab.outage.atSeconds / 3600,
                    minutes: lab.outage.durationSeconds / 60,
                  },
            fleets: lab.fleets.map((fleet) => {
              const settings = fleetSettings(fleet);
              return {
                name: fleet.name,
                preset: fleet.preset,
                updatePollSeconds: settings.updatePollSeconds,
                inventorySeconds: settings.inventorySeconds,
              };
            }),
          },
        });
      } catch (error) {
        set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
    run: () => {
      generation++;
      let run: LabRun;
      try {
        run = new LabRun(
          validateLab(labInput(get().draft), 'the lab form'),
          'the lab form',
        );
      } catch (error) {
        current = null;
        set({
          phase: 'idle',
          report: null,
          error:
            error instanceof LabError || error instanceof Error
              ? error.message
              : String(error),
        });
        return;
      }
      current = run;
      set({
        phase: 'running',
        error: null,
        virtualSeconds: 0,
        report: run.report(get().assumptions),
      });
      void loop(run, generation).catch((error: unknown) => {
        set({
          phase: 'paused',
          error: error instanceof Error ? error.message : String(error),
        });
      });
    },
    pause: () => {
      generation++;
      if (get().phase === 'running') set({ phase: 'paused' });
    },
    resume: () => {
      if (current === null || get().phase !== 'paused') return;
      generation++;
      set({ phase: 'running' });
      drive(current);
    },
  };
});
