import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';

import { layoutGraph } from './layout.ts';
import { describeEvent, machineGraph } from './machineGraph.ts';

const machine = setup({
  guards: { hasDeployment: () => true },
  delays: { pollInterval: 30_000 },
}).createMachine({
  id: 'client',
  initial: 'INITIALIZATION',
  states: {
    INITIALIZATION: { on: { 'client.ready': 'OPERATIONAL' } },
    OPERATIONAL: {
      initial: 'idle',
      states: {
        idle: { after: { pollInterval: 'checking' } },
        checking: {
          on: {
            'poll.answered': [
              { guard: 'hasDeployment', target: '#client.DOWNLOAD' },
              { target: 'idle' },
            ],
          },
        },
      },
    },
    DOWNLOAD: { always: 'OPERATIONAL' },
  },
});

describe('machineGraph', () => {
  it('reads every state and transition from the machine definition', () => {
    const graph = machineGraph(machine);
    expect(graph.nodes.map((node) => node.id)).toEqual([
      'client.INITIALIZATION',
      'client.OPERATIONAL',
      'client.OPERATIONAL.idle',
      'client.OPERATIONAL.checking',
      'client.DOWNLOAD',
    ]);
    expect(
      graph.nodes.find((node) => node.id === 'client.OPERATIONAL.idle'),
    ).toMatchObject({
      parentId: 'client.OPERATIONAL',
      initial: true,
      kind: 'atomic',
    });
    expect(graph.edges.map((edge) => [edge.source, edge.label, edge.target])).toEqual([
      ['client.INITIALIZATION', 'client.ready', 'client.OPERATIONAL'],
      ['client.OPERATIONAL.idle', 'after pollInterval', 'client.OPERATIONAL.checking'],
      ['client.OPERATIONAL.checking', 'poll.answered [hasDeployment]', 'client.DOWNLOAD'],
      ['client.OPERATIONAL.checking', 'poll.answered', 'client.OPERATIONAL.idle'],
      ['client.DOWNLOAD', 'always', 'client.OPERATIONAL'],
    ]);
  });

  it('names XState internal events in words', () => {
    expect(describeEvent('xstate.after.retryDelay.client.wait')).toBe('after retryDelay');
    expect(describeEvent('xstate.done.actor.download')).toBe('done: download');
    expect(describeEvent('xstate.error.actor.download')).toBe('error: download');
  });

  it('lays the chart out with every state placed and nested states inside their parent', async () => {
    const layout = await layoutGraph(machineGraph(machine));
    expect(layout.nodes).toHaveLength(5);
    const parent = layout.nodes.find((node) => node.id === 'client.OPERATIONAL')!;
    const child = layout.nodes.find((node) => node.id === 'client.OPERATIONAL.checking')!;
    expect(parent.compound).toBe(true);
    expect(child.x).toBeGreaterThanOrEqual(parent.x);
    expect(child.y).toBeGreaterThan(parent.y);
    expect(child.x + child.width).toBeLessThanOrEqual(parent.x + parent.width);
    expect(layout.edges).toHaveLength(5);
    expect(layout.edges.every((edge) => edge.points.length >= 2)).toBe(true);
  });
});
