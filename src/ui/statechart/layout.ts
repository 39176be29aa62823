import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';

import type { ChartEdge, MachineGraph } from './machineGraph.ts';

export interface PlacedNode {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly compound: boolean;
  readonly initial: boolean;
}

export interface PlacedEdge {
  readonly edge: ChartEdge;
  /** Polyline points in chart coordinates. */
  readonly points: { x: number; y: number }[];
  readonly labelAt: { x: number; y: number } | undefined;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: PlacedNode[];
  readonly edges: PlacedEdge[];
}

const CHARACTER_WIDTH = 7.5;
const NODE_HEIGHT = 34;
const LABEL_HEIGHT = 14;

const elk = new ELK();

/** Lays a machine graph out with ELK's layered algorithm, compound states included. */
export async function layoutGraph(graph: MachineGraph): Promise<ChartLayout> {
  const children = new Map<string | undefined, ElkNode[]>();
  const compound = new Set(
    graph.nodes
      .filter(
        (node) =>
          node.kind !== 'atomic' && node.kind !== 'final' && node.kind !== 'history',
      )
      .map((node) => node.id),
  );
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const elkNode: ElkNode = compound.has(node.id)
      ? {
          id: node.id,
          labels: [{ text: node.label }],
          layoutOptions: { 'elk.padding': '[top=28,left=12,bottom=12,right=12]' },
        }
      : {
          id: node.id,
          width: node.label.length * CHARACTER_WIDTH + 28,
          height: NODE_HEIGHT,
        };
    elkNodes.set(node.id, elkNode);
    const siblings = children.get(node.parentId) ?? [];
    siblings.push(elkNode);
    children.set(node.parentId, siblings);
  }
  for (const [parentId, nodes] of children) {
    if (parentId !== undefined) elkNodes.get(parentId)!.children = nodes;
  }

  const edges: ElkExtendedEdge[] = graph.edges.map((edge) => ({
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
    labels: [{ text: edge.label, width: edge.label.length * 6.2, height: LABEL_HEIGHT }],
  }));

  const graphRoot: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '30',
      'elk.edgeLabels.inline': 'false',
      ...graph.layoutOptions,
    },
    children: children.get(undefined) ?? [],
    edges,
  };
  const root: ElkNode = await elk.layout(graphRoot);

  const placed: PlacedNode[] = [];
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const offsets = new Map<string, { x: number; y: number }>();
  const place = (nodes: ElkNode[] | undefined, offsetX: number, offsetY: number) => {
    for (const node of nodes ?? []) {
      const x = offsetX + (node.x ?? 0);
      const y = offsetY + (node.y ?? 0);
      offsets.set(node.id, { x, y });
      const source = byId.get(node.id)!;
      placed.push({
        id: node.id,
        label: source.label,
        x,
        y,
        width: node.width ?? 0,
        height: node.height ?? 0,
        compound: compound.has(node.id),
        initial: source.initial,
      });
      place(node.children, x, y);
    }
  };
  place(root.children, 0, 0);

  // With INCLUDE_CHILDREN, ELK gives edge coordinates relative to the edge's container.
  const placedEdges: PlacedEdge[] = (root.edges ?? []).map((edge) => {
    const container = (edge as { container?: string }).container;
    const origin =
      container === undefined || container === 'root'
        ? { x: 0, y: 0 }
        : (offsets.get(container) ?? { x: 0, y: 0 });
    const section = edge.sections?.[0];
    const points = section
      ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(
          (point) => ({ x: point.x + origin.x, y: point.y + origin.y }),
        )
      : [];
    const label = edge.labels?.[0];
    return {
      edge: graph.edges.find((candidate) => candidate.id === edge.id)!,
      points,
      labelAt:
        label?.x !== undefined && label.y !== undefined
          ? { x: label.x + origin.x, y: label.y + origin.y }
          : undefined,
    };
  });

  return {
    width: root.width ?? 0,
    height: root.height ?? 0,
    nodes: placed,
    edges: placedEdges,
  };
}
