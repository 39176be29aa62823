import { describe, expect, it } from 'vitest';

import type { PowerRecord, StateEnteredRecord } from '../../sim/index.ts';
import { layoutGraph } from './layout.ts';
import { MENDER_STATES_GRAPH, menderStateId, menderStatesView } from './menderStates.ts';

const update = (state: string) => menderStateId('update', state);
const client = (state: string) => menderStateId('client', state);

/** The edges leaving a state, as "label → target" in the chart's words. */
function edgesFrom(id: string): string[] {
  return MENDER_STATES_GRAPH.edges
    .filter((edge) => edge.source === id)
    .map((edge) => `${edge.label} → ${edge.target.split('.').pop()}`)
    .sort();
}

describe('the mender-mcu states chart', () => {
  it("draws client.c's successor table, the no-reboot override and the reboot callbacks", () => {
    // Written out from reference §1.2, not read from the table the machine uses.
    expect(edgesFrom(update('DOWNLOAD'))).toEqual(['error → CLEANUP', 'ok → INSTALL']);
    expect(edgesFrom(update('INSTALL'))).toEqual([
      'error → FAILURE',
      'ok → REBOOT',
      'ok, no reboot → COMMIT',
    ]);
    expect(edgesFrom(update('REBOOT'))).toEqual([
      'after the reboot → VERIFY_REBOOT',
      'callback ok → PENDING_REBOOT',
      'error → ROLLBACK',
    ]);
    expect(edgesFrom(update('VERIFY_REBOOT'))).toEqual([
      'error → ROLLBACK',
      'ok → COMMIT',
    ]);
    expect(edgesFrom(update('COMMIT'))).toEqual(['error → ROLLBACK', 'ok → CLEANUP']);
    expect(edgesFrom(update('CLEANUP'))).toEqual(['ok or error → END']);
    expect(edgesFrom(update('ROLLBACK'))).toEqual([
      'error → FAILURE',
      'ok → ROLLBACK_REBOOT',
    ]);
    expect(edgesFrom(update('ROLLBACK_REBOOT'))).toEqual([
      'callback ok → PENDING_REBOOT',
      'error, or after the reboot → ROLLBACK_VERIFY_REBOOT',
      'store limit reached → FAILURE',
    ]);
    expect(edgesFrom(update('ROLLBACK_VERIFY_REBOOT'))).toEqual([
      'error → ROLLBACK_REBOOT',
      'ok → FAILURE',
    ]);
    expect(edgesFrom(update('FAILURE'))).toEqual(['ok or error → CLEANUP']);
    expect(edgesFrom(update('END'))).toEqual([]);
    expect(edgesFrom(client('INITIALIZATION'))).toEqual([
      'keys and record loaded → OPERATIONAL',
      'keys failed → INITIALIZATION',
      'stored record unreadable → PENDING_REBOOT',
    ]);
    expect(edgesFrom(client('OPERATIONAL'))).toEqual([]);
    expect(edgesFrom(client('PENDING_REBOOT'))).toEqual([
      'reboot returned → OPERATIONAL',
      'reboot → INITIALIZATION',
      'waiting → PENDING_REBOOT',
    ]);
  });

  it('lays out with every state placed', async () => {
    const layout = await layoutGraph(MENDER_STATES_GRAPH);
    expect(layout.nodes).toHaveLength(MENDER_STATES_GRAPH.nodes.length);
    expect(layout.edges.every((edge) => edge.points.length >= 2)).toBe(true);
  });
});

describe('menderStatesView', () => {
  let time = 0;
  const entered = (machine: 'client' | 'update', state: string): StateEnteredRecord => ({
    kind: 'state',
    time: time++,
    subject: 'esp32-1',
    machine,
    state,
  });
  const power = (on: boolean): PowerRecord => ({
    kind: 'power',
    time: time++,
    subject: 'esp32-1',
    on,
    cause: 'test',
  });

  it('follows a failed verification from the recorded timeline', () => {
    const beforeReboot = [
      entered('client', 'INITIALIZATION'),
      entered('update', 'DOWNLOAD'),
      entered('client', 'OPERATIONAL'),
      entered('update', 'DOWNLOAD'),
      entered('update', 'INSTALL'),
      entered('update', 'REBOOT'),
      entered('client', 'PENDING_REBOOT'),
    ];
    // Live, the client is in PENDING_REBOOT as soon as the callback returns,
    // a poll period before the next work run records it.
    const justAfterCallback = menderStatesView(
      beforeReboot.slice(0, -1),
      'PENDING_REBOOT',
    );
    expect(justAfterCallback.current).toEqual([
      client('PENDING_REBOOT'),
      update('REBOOT'),
    ]);
    expect(justAfterCallback.last).toEqual({
      source: update('REBOOT'),
      target: client('PENDING_REBOOT'),
    });
    const waiting = menderStatesView(beforeReboot);
    expect(waiting.current).toEqual([client('PENDING_REBOOT'), update('REBOOT')]);
    expect(waiting.last).toEqual({
      source: update('REBOOT'),
      target: client('PENDING_REBOOT'),
    });

    const afterReboot = [
      ...beforeReboot,
      power(false),
      power(true),
      entered('client', 'INITIALIZATION'),
      entered('update', 'VERIFY_REBOOT'),
      entered('update', 'ROLLBACK'),
      entered('update', 'ROLLBACK_REBOOT'),
    ];
    // The boot's run became OPERATIONAL before it resumed the update (client.c).
    const rolledBack = menderStatesView(afterReboot);
    expect(rolledBack.current).toEqual([
      client('OPERATIONAL'),
      update('ROLLBACK_REBOOT'),
    ]);
    expect(rolledBack.last).toEqual({
      source: update('ROLLBACK'),
      target: update('ROLLBACK_REBOOT'),
    });
    expect(rolledBack.visited.sort()).toEqual(
      [
        client('INITIALIZATION'),
        client('OPERATIONAL'),
        client('PENDING_REBOOT'),
        update('DOWNLOAD'),
        update('INSTALL'),
        update('REBOOT'),
        update('VERIFY_REBOOT'),
        update('ROLLBACK'),
        update('ROLLBACK_REBOOT'),
      ].sort(),
    );
  });

  it('shows the first boot becoming OPERATIONAL as its last step', () => {
    const view = menderStatesView([
      entered('client', 'INITIALIZATION'),
      entered('update', 'DOWNLOAD'),
      entered('client', 'OPERATIONAL'),
      entered('update', 'DOWNLOAD'),
    ]);
    expect(view.current).toEqual([client('OPERATIONAL'), update('DOWNLOAD')]);
    expect(view.last).toEqual({
      source: client('INITIALIZATION'),
      target: client('OPERATIONAL'),
    });
  });

  it('puts back the FAILURE the store limit forces and client.c does not log', () => {
    const view = menderStatesView([
      entered('client', 'INITIALIZATION'),
      entered('update', 'ROLLBACK_REBOOT'),
      entered('update', 'ROLLBACK_VERIFY_REBOOT'),
      entered('update', 'ROLLBACK_REBOOT'),
      entered('update', 'CLEANUP'),
    ]);
    expect(view.visited).toContain(update('FAILURE'));
    expect(view.last).toEqual({ source: update('FAILURE'), target: update('CLEANUP') });
  });

  it('leaves out states the chart does not have', () => {
    const view = menderStatesView([
      entered('client', 'BOGUS'),
      entered('update', 'NOPE'),
    ]);
    expect(view).toEqual({ current: [], visited: [], last: undefined });
  });

  it('forgets where the device was when its power goes, as its RAM does', () => {
    const view = menderStatesView([
      entered('client', 'OPERATIONAL'),
      entered('update', 'DOWNLOAD'),
      entered('update', 'INSTALL'),
      power(false),
    ]);
    expect(view.current).toEqual([]);
    expect(view.last).toBeUndefined();
    expect(view.visited).toContain(update('INSTALL'));
  });
});
