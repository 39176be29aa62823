import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AnyStateMachine } from 'xstate';

import {
  layoutGraph,
  type ChartLayout,
  type PlacedEdge,
  type PlacedNode,
} from './layout.ts';
import { machineGraph, type MachineGraph } from './machineGraph.ts';
import './statechart.css';

export interface StatechartProps {
  /** What to draw: a machine's own definition, or a graph made for the purpose. */
  readonly machine: AnyStateMachine | MachineGraph;
  /** Ids of the states the device is in now (XState state node ids). */
  readonly activeStateIds: readonly string[];
  /** Ids of states entered in the history shown: the path the device took. */
  readonly visitedStateIds?: readonly string[];
  /** The last transition taken, to mark it. */
  readonly lastTransition?:
    { readonly source: string; readonly target: string } | undefined;
  readonly title: string;
}

function edgePath(edge: PlacedEdge): string {
  return edge.points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`)
    .join(' ');
}

/**
 * Layouts by machine: ELK takes about a second for the client machine, and
 * every device shows the same one.
 */
const layouts = new WeakMap<AnyStateMachine | MachineGraph, Promise<ChartLayout>>();

function isGraph(machine: AnyStateMachine | MachineGraph): machine is MachineGraph {
  const candidate = machine as Partial<MachineGraph>;
  return Array.isArray(candidate.nodes) && Array.isArray(candidate.edges);
}

function layoutOf(machine: AnyStateMachine | MachineGraph): Promise<ChartLayout> {
  let layout = layouts.get(machine);
  if (layout === undefined) {
    layout = layoutGraph(isGraph(machine) ? machine : machineGraph(machine));
    layouts.set(machine, layout);
  }
  return layout;
}

/**
 * The state to keep in view: the deepest current state of the main work,
 * else any current atomic state, else the deepest current state (a moment
 * in the past names only the update state).
 */
function followedNode(layout: ChartLayout, active: ReadonlySet<string>) {
  const current = layout.nodes.filter((node) => active.has(node.id));
  const atomic = current.filter((node) => !node.compound);
  const depth = (id: string) => id.split('.').length;
  return (
    atomic.find((node) => node.id.includes('.mainWork.')) ??
    atomic[0] ??
    current.reduce<PlacedNode | undefined>(
      (deepest, node) =>
        deepest === undefined || depth(node.id) > depth(deepest.id) ? node : deepest,
      undefined,
    )
  );
}

/**
 * A live statechart: the machine's own definition, laid out by ELK. The
 * chart is large (every sub-state of the update), so it is drawn at its own
 * size in a scrolling frame that follows the current state, or fitted whole.
 */
export function Statechart({
  machine,
  activeStateIds,
  visitedStateIds = [],
  lastTransition,
  title,
}: StatechartProps) {
  const [layout, setLayout] = useState<ChartLayout | null>(null);
  const [fit, setFit] = useState(false);
  const [follow, setFollow] = useState(true);
  const frameRef = useRef<HTMLDivElement>(null);
  const markerId = `arrow-${useId().replace(/:/g, '')}`;
  const active = useMemo(() => new Set(activeStateIds), [activeStateIds]);
  const followed = layout === null ? undefined : followedNode(layout, active);

  useEffect(() => {
    let current = true;
    void layoutOf(machine).then((result) => {
      if (current) setLayout(result);
    });
    return () => {
      current = false;
    };
  }, [machine]);

  // Scrolls the frame (not the page) to the current state when it changes.
  useLayoutEffect(() => {
    const frame = frameRef.current;
    if (frame === null || followed === undefined || fit || !follow) return;
    frame.scrollTo({
      // The view box starts 4 units before the layout's origin.
      left: followed.x + 4 + followed.width / 2 - frame.clientWidth / 2,
      top: followed.y + 4 + followed.height / 2 - frame.clientHeight / 2,
    });
  }, [followed, fit, follow]);

  if (layout === null) return <p role="status">Laying out the statechart…</p>;

  const visited = new Set(visitedStateIds);
  // Each state is named for assistive technology and tests: "ROLLBACK (visited)".
  const nameOf = (node: PlacedNode) => {
    const marks = [
      active.has(node.id) ? 'current' : '',
      visited.has(node.id) ? 'visited' : '',
    ].filter((mark) => mark !== '');
    return marks.length === 0 ? node.label : `${node.label} (${marks.join(', ')})`;
  };
  const isLast = (edge: PlacedEdge) =>
    lastTransition !== undefined &&
    edge.edge.source === lastTransition.source &&
    edge.edge.target === lastTransition.target;

  return (
    <div className="statechart-box">
      <div className="statechart-tools">
        <label>
          <input
            type="checkbox"
            checked={fit}
            onChange={(event) => setFit(event.target.checked)}
          />
          Fit the whole chart
        </label>
        <label>
          <input
            type="checkbox"
            checked={follow}
            disabled={fit}
            onChange={(event) => setFollow(event.target.checked)}
          />
          Follow the current state
        </label>
      </div>
      <div ref={frameRef} className={fit ? 'statechart-frame fit' : 'statechart-frame'}>
        <svg
          className="statechart"
          role="group"
          aria-label={title}
          viewBox={`-4 -4 ${layout.width + 8} ${layout.height + 8}`}
          width={fit ? '100%' : layout.width + 8}
          height={fit ? undefined : layout.height + 8}
        >
          <defs>
            <marker
              id={markerId}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          </defs>
          {layout.nodes.map((node) => (
            <g
              key={node.id}
              className={[
                'state',
                node.compound ? 'compound' : 'atomic',
                active.has(node.id) ? 'active' : '',
                visited.has(node.id) ? 'visited' : '',
              ].join(' ')}
              data-state-id={node.id}
              role="img"
              aria-label={nameOf(node)}
              aria-current={active.has(node.id) && !node.compound ? 'step' : undefined}
            >
              <rect
                x={node.x}
                y={node.y}
                width={node.width}
                height={node.height}
                rx={8}
              />
              <text
                x={node.x + (node.compound ? 10 : node.width / 2)}
                y={node.y + (node.compound ? 18 : node.height / 2 + 4)}
                textAnchor={node.compound ? 'start' : 'middle'}
              >
                {node.label}
              </text>
            </g>
          ))}
          {layout.edges.map((edge) => (
            <g
              key={edge.edge.id}
              className={[
                'transition',
                edge.edge.tone ?? '',
                isLast(edge) ? 'last' : '',
              ].join(' ')}
            >
              <path d={edgePath(edge)} markerEnd={`url(#${markerId})`} />
              {edge.labelAt && (
                <text x={edge.labelAt.x} y={edge.labelAt.y + 10}>
                  {edge.edge.label}
                </text>
              )}
            </g>
          ))}
        </svg>
      </div>
    </div>
  );
}
