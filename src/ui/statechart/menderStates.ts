import {
  SUCCESSORS,
  UPDATE_STATES,
  type ClientState,
  type UpdateState,
} from '../../machines/index.ts';
import type { StateEnteredRecord, PowerRecord } from '../../sim/index.ts';
import type { ChartEdge, ChartNode, MachineGraph } from './machineGraph.ts';

/*
 * mender-mcu's own states, as client.c names them (reference §1.1 and §1.2):
 * the three client states of the main work and the persisted update states
 * with their success and failure successors. The XState machine has many
 * more states, since it spells out every side effect; this is the view a
 * firmware developer knows from the C code.
 */

const CLIENT_GROUP = 'mender.client';
const UPDATE_GROUP = 'mender.update';
const CLIENT_STATES: readonly ClientState[] = [
  'INITIALIZATION',
  'OPERATIONAL',
  'PENDING_REBOOT',
];

/** The chart id of a client or update state. */
export function menderStateId(machine: 'client' | 'update', state: string): string {
  return `${machine === 'client' ? CLIENT_GROUP : UPDATE_GROUP}.${state}`;
}

function edge(
  source: string,
  target: string,
  label: string,
  tone: NonNullable<ChartEdge['tone']>,
): ChartEdge {
  return {
    id: `${source}→${target}:${label}`,
    source,
    target,
    label,
    eventType: label,
    tone,
  };
}

/** A group of states drawn as one box; its first state is where it starts. */
function groupNodes(
  group: string,
  label: string,
  states: readonly string[],
): ChartNode[] {
  return [
    { id: group, label, parentId: undefined, kind: 'compound', initial: false },
    ...states.map((state, index) => ({
      id: `${group}.${state}`,
      label: state,
      parentId: group,
      kind: 'atomic' as const,
      initial: index === 0,
    })),
  ];
}

/**
 * Where the table's success successor is not what a callback returning OK
 * leads to: the reboot states pre-store it, and it is entered when the
 * client resumes after the reboot (or at once when REBOOT has no callback).
 */
const SUCCESS_LABELS: Partial<Record<UpdateState, string>> = {
  REBOOT: 'after the reboot',
  ROLLBACK_REBOOT: 'error, or after the reboot',
};

function buildGraph(): MachineGraph {
  const client = (state: ClientState) => menderStateId('client', state);
  const update = (state: UpdateState) => menderStateId('update', state);
  const nodes: ChartNode[] = [
    ...groupNodes(CLIENT_GROUP, 'Client states', CLIENT_STATES),
    ...groupNodes(UPDATE_GROUP, 'Update states (stored in NVS)', UPDATE_STATES),
  ];

  const edges: ChartEdge[] = [
    edge(
      client('INITIALIZATION'),
      client('OPERATIONAL'),
      'keys and record loaded',
      'success',
    ),
    edge(client('INITIALIZATION'), client('INITIALIZATION'), 'keys failed', 'failure'),
    edge(
      client('INITIALIZATION'),
      client('PENDING_REBOOT'),
      'stored record unreadable',
      'failure',
    ),
    edge(client('PENDING_REBOOT'), client('PENDING_REBOOT'), 'waiting', 'other'),
    edge(client('PENDING_REBOOT'), client('INITIALIZATION'), 'reboot', 'other'),
    edge(client('PENDING_REBOOT'), client('OPERATIONAL'), 'reboot returned', 'failure'),
  ];
  for (const [from, next] of Object.entries(SUCCESSORS)) {
    const source = update(from as UpdateState);
    const labels = SUCCESS_LABELS[from as UpdateState];
    if (next.success === next.failure) {
      edges.push(edge(source, update(next.success), labels ?? 'ok or error', 'other'));
      continue;
    }
    edges.push(edge(source, update(next.success), labels ?? 'ok', 'success'));
    edges.push(edge(source, update(next.failure), 'error', 'failure'));
  }
  // client.c's override: a module that needs no reboot commits right after INSTALL.
  edges.push(edge(update('INSTALL'), update('COMMIT'), 'ok, no reboot', 'success'));
  // The reboot callbacks end the update work; the device waits in PENDING_REBOOT.
  edges.push(
    edge(update('REBOOT'), client('PENDING_REBOOT'), 'callback ok', 'success'),
    edge(update('ROLLBACK_REBOOT'), client('PENDING_REBOOT'), 'callback ok', 'success'),
  );
  // Storing past MENDER_MAX_STATE_DATA_STORE_COUNT forces FAILURE (not stored, not
  // logged): the only way out of the ROLLBACK_REBOOT and ROLLBACK_VERIFY_REBOOT loop.
  edges.push(
    edge(update('ROLLBACK_REBOOT'), update('FAILURE'), 'store limit reached', 'failure'),
  );
  return {
    nodes,
    edges,
    // Tighter than the machine chart: this one is shown whole.
    layoutOptions: {
      'elk.layered.spacing.nodeNodeBetweenLayers': '26',
      'elk.spacing.nodeNode': '24',
    },
  };
}

/** The graph of mender-mcu's states; one object, so its layout is made once. */
export const MENDER_STATES_GRAPH: MachineGraph = buildGraph();

export interface MenderStatesView {
  /** The client state and update state the device is in (chart ids). */
  readonly current: string[];
  /** Every state entered in the timeline shown. */
  readonly visited: string[];
  /** The last step between two recorded states, when the chart has that edge. */
  readonly last: { readonly source: string; readonly target: string } | undefined;
}

const KNOWN_STATES = new Set(MENDER_STATES_GRAPH.nodes.map((node) => node.id));
const INITIALIZATION = menderStateId('client', 'INITIALIZATION');
const OPERATIONAL = menderStateId('client', 'OPERATIONAL');
const PENDING_REBOOT = menderStateId('client', 'PENDING_REBOOT');
const FAILURE = menderStateId('update', 'FAILURE');

const EDGES = new Set(
  MENDER_STATES_GRAPH.edges.map((edge) => `${edge.source}→${edge.target}`),
);

function hasEdge(source: string | undefined, target: string): boolean {
  return source !== undefined && source !== target && EDGES.has(`${source}→${target}`);
}

/**
 * Where the device is and has been, from its recorded timeline. The client
 * state is recorded at the start of each main-work run and the update state
 * on entry, as client.c logs them; what the records leave out is filled in
 * as client.c behaves:
 * - INITIALIZATION that goes on into the update work became OPERATIONAL in
 *   the same run;
 * - a FAILURE forced by the store limit is not logged: a step to CLEANUP
 *   that only FAILURE explains went through it.
 * A power-off clears where the device is (its RAM), not where it has been.
 * `liveClientState`, the running client's own, overrides the recorded one.
 */
export function menderStatesView(
  timeline: readonly (StateEnteredRecord | PowerRecord)[],
  liveClientState?: string,
): MenderStatesView {
  const visited = new Set<string>();
  let clientState: string | undefined;
  let updateState: string | undefined;
  // The last recorded state of each kind, kept over a reboot: the device resumes from it.
  let previousClient: string | undefined;
  let previousUpdate: string | undefined;
  let last: MenderStatesView['last'];
  const step = (source: string | undefined, target: string): boolean => {
    if (!hasEdge(source, target)) return false;
    last = { source: source!, target };
    return true;
  };
  // A reboot callback's OK ends the update work in PENDING_REBOOT; other client
  // states are reached from the client state before.
  const stepIntoClientState = (id: string, fromClient: string | undefined) => {
    if (id !== PENDING_REBOOT || !step(previousUpdate, id)) step(fromClient, id);
  };

  for (const entry of timeline) {
    if (entry.kind === 'power') {
      if (!entry.on) {
        clientState = undefined;
        updateState = undefined;
        last = undefined;
      }
      continue;
    }
    if (entry.machine !== 'client' && entry.machine !== 'update') continue;
    const id = menderStateId(entry.machine, entry.state);
    if (!KNOWN_STATES.has(id)) continue;
    visited.add(id);

    if (entry.machine === 'client') {
      stepIntoClientState(id, previousClient);
      clientState = previousClient = id;
      continue;
    }
    if (clientState === INITIALIZATION) {
      step(INITIALIZATION, OPERATIONAL);
      visited.add(OPERATIONAL);
      clientState = previousClient = OPERATIONAL;
    }
    if (
      !step(previousUpdate, id) &&
      hasEdge(previousUpdate, FAILURE) &&
      hasEdge(FAILURE, id)
    ) {
      visited.add(FAILURE);
      step(FAILURE, id);
    }
    updateState = previousUpdate = id;
  }
  // The record of a client state comes at the start of the next work run; the
  // running client knows it as soon as it is set (PENDING_REBOOT right after a
  // reboot callback, for one).
  const live =
    liveClientState === undefined ? undefined : menderStateId('client', liveClientState);
  if (live !== undefined && live !== clientState && KNOWN_STATES.has(live)) {
    visited.add(live);
    stepIntoClientState(live, clientState);
    clientState = live;
  }
  const current = [clientState, updateState].filter(
    (id): id is string => id !== undefined,
  );
  return { current, visited: [...visited], last };
}
