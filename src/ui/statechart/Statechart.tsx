import { useEffect, useMemo, useState } from 'react';
import type { AnyStateMachine } from 'xstate';

import {
  layoutGraph,
  type ChartLayout,
  type PlacedEdge,
  type PlacedNode,
} from './layout.ts';
import { machineGraph } from './machineGraph.ts';
import './statechart.css';

export interface StatechartProps {
  readonly machine: AnyStateMachine;
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

/** A live statechart: the machine's own definition, laid out by ELK. */
export function Statechart({
  machine,
  activeStateIds,
  visitedStateIds = [],
  lastTransition,
  title,
}: StatechartProps) {
  const graph = useMemo(() => machineGraph(machine), [machine]);
  const [layout, setLayout] = useState<ChartLayout | null>(null);

  useEffect(() => {
    let current = true;
    void layoutGraph(graph).then((result) => {
      if (current) setLayout(result);
    });
    return () => {
      current = false;
    };
  }, [graph]);

  if (layout === null) return <p role="status">Laying out the statechart…</p>;

  const active = new Set(activeStateIds);
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
    <svg
      className="statechart"
      role="group"
      aria-label={title}
      viewBox={`-4 -4 ${layout.width + 8} ${layout.height + 8}`}
      width={layout.width + 8}
    >
      <defs>
        <marker
          id="arrow"
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
          <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={8} />
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
        <g key={edge.edge.id} className={isLast(edge) ? 'transition last' : 'transition'}>
          <path d={edgePath(edge)} markerEnd="url(#arrow)" />
          {edge.labelAt && (
            <text x={edge.labelAt.x} y={edge.labelAt.y + 10}>
              {edge.edge.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
