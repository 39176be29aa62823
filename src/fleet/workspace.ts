import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';

import { notJsonProblem, type HttpExchangeRecord, type Subject } from '../sim/index.ts';
import type { StoredFile } from './fileTable.ts';
import { scenarioSchema, userActionSchema, type Scenario } from './scenarioSchema.ts';
import {
  ReplayMismatchError,
  Simulation,
  type RecordedAction,
  type SimulationOptions,
} from './simulation.ts';

/**
 * A workspace is the inputs of a run, never its state: the scenario (with
 * its seed), the user's actions at the points of the run where they were
 * made, the files the user gave it, and how far the run had got. Restoring
 * one replays those inputs, which gives the same trace, hash and all; XState
 * timers would not survive a snapshot faithfully.
 *
 * Version 1 of the file format. A later version must keep reading this one.
 */
export const WORKSPACE_FORMAT = 'mcu-fleet-simulator/workspace';
export const WORKSPACE_VERSION = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
const count = z.int().nonnegative();

const recordedActionSchema = z.strictObject({
  /** Virtual time of the action, in milliseconds. */
  atMs: z.number().finite().nonnegative(),
  /** Events the run had fired when it was made: its place among events due at the same time. */
  afterEvents: count,
  action: userActionSchema,
});

/** The file format: everything JSON can carry, the files' bytes in base64. */
const workspaceFileSchema = z.strictObject({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.literal(WORKSPACE_VERSION),
  /** Wall-clock time of the save, for people; the run never reads it. */
  savedAt: z.string().optional(),
  scenario: scenarioSchema,
  actions: z.array(recordedActionSchema),
  files: z.array(
    z.strictObject({
      sha256: hex64,
      name: z.string(),
      base64: z
        .string()
        .regex(
          /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
          'must be base64: groups of four characters, the last padded with =',
        ),
    }),
  ),
  /** How far the run had got: the virtual time and the events fired. */
  reached: z.strictObject({
    virtualTimeMs: z.number().finite().nonnegative(),
    events: count,
  }),
  /** The trace hash at `reached`, which a restore must give again. */
  traceHash: hex64,
});

type WorkspaceFile = z.output<typeof workspaceFileSchema>;

export interface Workspace {
  readonly savedAt?: string;
  readonly scenario: Scenario;
  readonly actions: readonly RecordedAction[];
  readonly files: readonly StoredFile[];
  readonly reached: { readonly virtualTimeMs: number; readonly events: number };
  readonly traceHash: string;
}

/** One thing wrong with a workspace, at a JSON path such as `actions[2].atMs`. */
export interface WorkspaceProblem {
  readonly path: string;
  readonly message: string;
}

/** A workspace that cannot be opened; nothing was changed. */
export class WorkspaceError extends Error {
  override readonly name = 'WorkspaceError';

  constructor(
    readonly source: string,
    readonly problems: readonly WorkspaceProblem[],
  ) {
    const listed = problems
      .map((problem) => `  ${problem.path}: ${problem.message}`)
      .join('\n');
    super(
      `Failed to open the workspace ${source}:\n${listed}\n` +
        'The running workspace was left as it was. Export a workspace again from the app, or fix the file.',
    );
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result === '' ? '(the whole file)' : result;
}

const MAX_PROBLEMS_LISTED = 10;

function problemsOf(error: z.ZodError): WorkspaceProblem[] {
  return error.issues.slice(0, MAX_PROBLEMS_LISTED).map((issue) => ({
    path: formatPath(issue.path),
    message: /received undefined$/.test(issue.message) ? 'is required' : issue.message,
  }));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In pieces: String.fromCharCode takes its bytes as arguments.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++)
    bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The run's inputs so far, with the hash a restore must reproduce. */
export function captureWorkspace(simulation: Simulation, savedAt?: string): Workspace {
  return {
    ...(savedAt !== undefined ? { savedAt } : {}),
    scenario: simulation.scenario,
    actions: [...simulation.recordedActions],
    files: [...simulation.files],
    reached: {
      virtualTimeMs: simulation.kernel.now(),
      events: simulation.kernel.clock.fired,
    },
    traceHash: simulation.kernel.trace.digest(),
  };
}

function toFile(workspace: Workspace): WorkspaceFile {
  return {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    ...(workspace.savedAt !== undefined ? { savedAt: workspace.savedAt } : {}),
    scenario: workspace.scenario,
    actions: workspace.actions.map((recorded) => ({ ...recorded })),
    files: workspace.files.map((file) => ({
      sha256: file.sha256,
      name: file.name,
      base64: toBase64(file.bytes),
    })),
    reached: { ...workspace.reached },
    traceHash: workspace.traceHash,
  };
}

/** The workspace as the text of a `.json` file. */
export function serializeWorkspace(workspace: Workspace): string {
  return JSON.stringify(toFile(workspace), null, 1) + '\n';
}

/**
 * The workspace without its files' bytes (they are stored apart, once per
 * content hash) and the names and hashes of those files.
 */
export function workspaceRecord(workspace: Workspace): {
  document: unknown;
  files: { sha256: string; name: string }[];
} {
  return {
    document: { ...toFile({ ...workspace, files: [] }) },
    files: workspace.files.map(({ sha256: hash, name }) => ({ sha256: hash, name })),
  };
}

/** Whether an id is one of the scenario's devices: `<group name>-<1…count>`. */
function deviceIdCheck(scenario: Scenario): (id: string) => boolean {
  const counts = new Map(scenario.fleet.map((group) => [group.name, group.count]));
  return (id) => {
    const match = /^(.+)-([1-9][0-9]*)$/.exec(id);
    if (match === null) return false;
    const count = counts.get(match[1]!);
    return count !== undefined && Number(match[2]) <= count;
  };
}

/**
 * The checks JSON Schema cannot make: the point reached lies within the
 * scenario's run, actions name devices the fleet has, files match their hashes, uploads name
 * files the workspace carries, actions are in run order and before the point
 * reached.
 */
function checkInputs(
  scenario: Scenario,
  actions: readonly RecordedAction[],
  files: readonly StoredFile[],
  reached: Workspace['reached'],
): WorkspaceProblem[] {
  const problems: WorkspaceProblem[] = [];
  const endMs = scenario.run.durationSeconds * 1000;
  if (reached.virtualTimeMs > endMs) {
    problems.push({
      path: 'reached.virtualTimeMs',
      message: `is ${reached.virtualTimeMs} ms, after the scenario ends (run.durationSeconds is ${scenario.run.durationSeconds}); the run never gets there`,
    });
  }
  const isDevice = deviceIdCheck(scenario);
  const known = new Set<string>();
  files.forEach((file, index) => {
    const actual = bytesToHex(sha256(file.bytes));
    if (actual !== file.sha256) {
      problems.push({
        path: `files[${index}]`,
        message: `holds bytes whose SHA-256 is ${actual}, not the ${file.sha256} it claims (the file is damaged)`,
      });
    }
    known.add(file.sha256);
  });
  let previous: RecordedAction | undefined;
  actions.forEach((recorded, index) => {
    const path = `actions[${index}]`;
    if (
      previous !== undefined &&
      (recorded.afterEvents < previous.afterEvents || recorded.atMs < previous.atMs)
    ) {
      problems.push({
        path,
        message:
          'comes before the action listed ahead of it; actions must be in run order',
      });
    }
    if (recorded.afterEvents > reached.events || recorded.atMs > reached.virtualTimeMs) {
      problems.push({
        path,
        message: `lies after the point the run reached (${reached.events} events, ${reached.virtualTimeMs} ms)`,
      });
    }
    const { action } = recorded;
    for (const [field, ids] of [
      ['devices', 'devices' in action ? action.devices : undefined],
      ['exemptDevices', 'exemptDevices' in action ? action.exemptDevices : undefined],
    ] as const) {
      if (!Array.isArray(ids)) continue;
      const unknown = ids.filter((id) => !isDevice(id));
      if (unknown.length === 0) continue;
      problems.push({
        path: `${path}.action.${field}`,
        message: `names ${unknown.map((id) => `"${id}"`).join(', ')}, which the scenario's fleet does not have`,
      });
    }
    if (action.action === 'management.request' && action.upload !== undefined) {
      if (!known.has(action.upload.sha256)) {
        problems.push({
          path: `${path}.action.upload.sha256`,
          message: `names the file ${action.upload.sha256}, which the workspace does not carry`,
        });
      }
    }
    previous = recorded;
  });
  return problems;
}

function fromDocument(
  value: unknown,
  source: string,
  files: (document: WorkspaceFile) => StoredFile[],
): Workspace {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WorkspaceError(source, [
      {
        path: '(the whole file)',
        message: `is ${value === null ? 'null' : Array.isArray(value) ? 'a JSON array' : `a JSON ${typeof value}`}, not a workspace (a JSON object with "format": "${WORKSPACE_FORMAT}")`,
      },
    ]);
  }
  const format = (value as { format?: unknown }).format;
  if (format !== WORKSPACE_FORMAT) {
    throw new WorkspaceError(source, [
      {
        path: 'format',
        message:
          format === undefined
            ? `is missing: this is not a workspace file (expected "${WORKSPACE_FORMAT}")`
            : `is "${String(format)}", expected "${WORKSPACE_FORMAT}"`,
      },
    ]);
  }
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > WORKSPACE_VERSION) {
    throw new WorkspaceError(source, [
      {
        path: 'version',
        message: `is ${version}; this app reads workspace versions up to ${WORKSPACE_VERSION}. Open it in a newer version of the app.`,
      },
    ]);
  }
  const parsed = workspaceFileSchema.safeParse(value);
  if (!parsed.success) throw new WorkspaceError(source, problemsOf(parsed.error));
  const document = parsed.data;
  const stored = files(document);
  const problems = checkInputs(
    document.scenario,
    document.actions,
    stored,
    document.reached,
  );
  if (problems.length > 0) throw new WorkspaceError(source, problems);
  return {
    ...(document.savedAt !== undefined ? { savedAt: document.savedAt } : {}),
    scenario: document.scenario,
    actions: document.actions,
    files: stored,
    reached: document.reached,
    traceHash: document.traceHash,
  };
}

/** Parses the text of a workspace file; `source` names it in error messages. */
export function parseWorkspace(text: string, source: string): Workspace {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WorkspaceError(source, [notJsonProblem(error, text)]);
  }
  return fromDocument(value, source, (document) =>
    document.files.map((file, index) => {
      try {
        return { sha256: file.sha256, name: file.name, bytes: fromBase64(file.base64) };
      } catch (error) {
        throw new WorkspaceError(source, [
          {
            path: `files[${index}].base64`,
            message: `cannot be decoded as base64: ${error instanceof Error ? error.message : String(error)}`,
          },
        ]);
      }
    }),
  );
}

/** Reads back what `workspaceRecord` stored, with the files' bytes found by hash. */
export function workspaceFromRecord(
  document: unknown,
  files: readonly StoredFile[],
  source: string,
): Workspace {
  return fromDocument(document, source, () => [...files]);
}

/** What a restore found: the hash it reached, and whether it is the one saved. */
export interface RestoreOutcome {
  readonly traceHash: string;
  readonly matches: boolean;
  /**
   * Why the replay could not even place the inputs (the run it gave has
   * fewer events, or a timer due earlier, than the saved one): the workspace
   * was made by another version of the simulator, or edited.
   */
  readonly diverged?: string;
}

/**
 * Replays a workspace's inputs into `simulation`, a fresh one built from
 * `workspace.scenario`: the user's files first, then each action at its
 * place, then on to the point the run had reached.
 */
export async function restoreWorkspace(
  simulation: Simulation,
  workspace: Workspace,
  options: {
    /** Gives the host a turn now and then during a long replay (the app's page). */
    readonly pause?: () => Promise<void>;
    /** Events between those turns. */
    readonly sliceEvents?: number;
  } = {},
): Promise<RestoreOutcome> {
  for (const file of workspace.files) simulation.files.add(file.name, file.bytes);
  // The hash is read as the replay ends, before any action held meanwhile is made.
  let traceHash = '';
  const readHash = () => {
    traceHash = simulation.kernel.trace.digest();
  };
  try {
    await simulation.replay(workspace.actions, {
      until: { events: workspace.reached.events, atMs: workspace.reached.virtualTimeMs },
      onReplayed: readHash,
      ...options,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      traceHash,
      matches: false,
      diverged:
        error instanceof ReplayMismatchError
          ? reason
          : `the replay stopped at ${simulation.kernel.now()} ms on an error (${reason}); the file was edited or made by another version of the simulator`,
    };
  }
  return { traceHash, matches: traceHash === workspace.traceHash };
}

/** The exchanges a replay rebuilt, and whether the replay gave the same trace. */
export interface RebuiltExchanges extends RestoreOutcome {
  readonly exchanges: HttpExchangeRecord[];
}

/**
 * Every HTTP exchange of the chosen subjects (all when `subjects` is
 * undefined) from the start of the run, rebuilt by replaying the workspace
 * headless: the kept history of a long run has dropped older records to
 * bound memory, the inputs have not.
 */
export async function rebuildExchanges(
  workspace: Workspace,
  subjects?: ReadonlySet<Subject>,
  options: Pick<SimulationOptions, 'readArtifactFile'> = {},
): Promise<RebuiltExchanges> {
  // Only the collected exchanges are kept; the replay's own history can stay small.
  const scenario: Scenario = {
    ...workspace.scenario,
    run: { ...workspace.scenario.run, historyPerDevice: 1 },
  };
  const simulation = new Simulation(scenario, options);
  const exchanges: HttpExchangeRecord[] = [];
  simulation.kernel.trace.subscribe((record) => {
    if (record.kind !== 'http') return;
    if (subjects === undefined || subjects.has(record.subject)) exchanges.push(record);
  });
  const outcome = await restoreWorkspace(simulation, workspace);
  return { ...outcome, exchanges };
}
