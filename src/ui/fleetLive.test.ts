import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { Simulation, validateScenario } from '../fleet/index.ts';
import { FleetLive } from './fleetLive.ts';

const scenarioPath = new URL('../../scenarios/e2e/rollback-fleet.json', import.meta.url);

function rollbackFleet(): Simulation {
  const value: unknown = JSON.parse(readFileSync(scenarioPath, 'utf8'));
  return new Simulation(validateScenario(value, 'scenarios/e2e/rollback-fleet.json'));
}

/** Fleet states at each record about `deviceId`, without repeats. */
function statesSeen(simulation: Simulation, live: FleetLive, deviceId: string) {
  const seen: string[] = [];
  simulation.kernel.trace.subscribe((record) => {
    if (record.subject !== deviceId) return;
    const state = live.fleetStateOf(deviceId)!;
    if (seen.at(-1) !== state) seen.push(state);
  });
  return seen;
}

describe('FleetLive', () => {
  it('shows an idle poll as OPERATIONAL and the update states from the offer on', async () => {
    const simulation = rollbackFleet();
    const live = new FleetLive(simulation);
    const seen = statesSeen(simulation, live, 'esp32-1');
    simulation.start();

    // Accepted at 30 s, polling every 30 s with nothing to offer until 90 s.
    await simulation.kernel.runUntil(80_000);
    live.flush();
    expect(live.stateCounts()).toEqual(new Map([['OPERATIONAL', 3]]));
    expect(live.row('esp32-1')?.targetArtifact).toBeUndefined();
    expect(seen).not.toContain('DOWNLOAD');

    await simulation.kernel.runUntil(300_000);
    live.flush();
    expect(seen).toEqual([
      'BOOTING',
      'INITIALIZATION',
      'OPERATIONAL',
      'DOWNLOAD',
      'INSTALL',
      'REBOOT',
      'OFF',
      'BOOTING',
      'INITIALIZATION',
      'VERIFY_REBOOT',
      'COMMIT',
      'CLEANUP',
      // The update ends while the client finishes its initialization.
      'INITIALIZATION',
      'OPERATIONAL',
    ]);
    expect(live.row('esp32-1')).toMatchObject({
      fleetState: 'OPERATIONAL',
      image: 'release-2',
      targetArtifact: undefined,
    });
    live.dispose();
  });
});
