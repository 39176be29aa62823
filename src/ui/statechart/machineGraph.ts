import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A state of a machine, as the statechart draws it. */
export interface ChartNode {
  /** XState's id of the state node, e.g. `client.OPERATIONAL`. */
  readonly id: string;
  readonly label: string;
  readonly parentId: string | undefined;
  readonly kind: AnyStateNode['type'];
  /** Whether it is its parent's initial state. */
  readonly initial: boolean;
}

/** A transition between two states. */
export interface ChartEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Event type in words: `poll.answered`, `after pollInterval`, `always`. */
  readonly label: string;
  /** The event type exactly as XState knows it, to match a taken transition. */
  readonly eventType: string;
  /** How the edge is drawn: a success or failure successor, or neither. */
  readonly tone?: 'success' | 'failure' | 'other';
}

export interface MachineGraph {
  readonly nodes: ChartNode[];
  readonly edges: ChartEdge[];
  /** ELK options for this graph, over the defaults of layoutGraph (layers running down). */
  readonly layoutOptions?: Readonly<Record<string, string>>;
}

/** Turns XState's internal event names into what a reader expects. */
export function describeEvent(eventType: string): string {
  const delayed = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (delayed) return `after ${delayed[1]}`;
  const done = /^xstate\.done\.actor\.(.+)$/.exec(eventType);
  if (done) return `done: ${done[1]}`;
  const failed = /^xstate\.error\.actor\.(.+)$/.exec(eventType);
  if (failed) return `error: ${failed[1]}`;
  return eventType === '' ? 'always' : eventType;
}

function guardName(guard: unknown): string | undefined {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    return String((guard as { type: unknown }).type);
  }
  return undefined;
}

/**
 * The states and transitions of a machine, read from its definition, so
 * the chart always shows the machine that runs and is never drawn by hand.
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const nodes: ChartNode[] = [];
  const edges: ChartEdge[] = [];

  const visit = (node: AnyStateNode) => {
    const parent = node.parent;
    if (parent !== undefined) {
      const initialTargets = parent.type === 'compound' ? parent.initial.target : [];
      nodes.push({
        id: node.id,
        label: node.key,
        parentId: parent.parent === undefined ? undefined : parent.id,
        kind: node.type,
        initial: initialTargets.some((target) => target.id === node.id),
      });
    }

    const transitions = [...node.transitions.values()].flat();
    for (const transition of [...transitions, ...(node.always ?? [])]) {
      const guard = guardName(transition.guard);
      const event = describeEvent(transition.eventType);
      for (const target of transition.target ?? []) {
        edges.push({
          id: `${node.id}→${target.id}#${edges.length}`,
          source: node.id,
          target: target.id,
          label: guard === undefined ? event : `${event} [${guard}]`,
          eventType: transition.eventType,
        });
      }
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);

  // Transitions of the root itself come from every state: drawn from the root id.
  return { nodes, edges: edges.filter((edge) => edge.source !== machine.root.id) };
}
