import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { writeArtifact } from '../artifact/index.ts';
import type { HttpExchangeRecord } from '../sim/index.ts';
import { parseScenario } from './scenarioFile.ts';
import { userActionSchema, type Scenario } from './scenarioSchema.ts';
import { Simulation } from './simulation.ts';
import {
  WorkspaceError,
  captureWorkspace,
  parseWorkspace,
  rebuildExchanges,
  restoreWorkspace,
  serializeWorkspace,
  workspaceFromRecord,
  workspaceRecord,
  type Workspace,
} from './workspace.ts';

const PENDING = 'scenarios/workshop/05-pending-acceptance.json';

function pendingScenario(historyPerDevice?: number): Scenario {
  const scenario = parseScenario(readFileSync(PENDING, 'utf8'), PENDING);
  return historyPerDevice === undefined
    ? scenario
    : { ...scenario, run: { ...scenario.run, historyPerDevice } };
}

/** Runs to `time` in slices that stop every few events, as the app's player does. */
async function playTo(simulation: Simulation, time: number): Promise<void> {
  let calls = 0;
  while (!(await simulation.kernel.runUntil(time, () => ++calls % 3 === 0))) {
    // Each stop is a point where a user could act between two events.
  }
}

/** A user's session: accept, upload their own artifact, deploy it, cut power on one device. */
async function userSession(simulation: Simulation): Promise<void> {
  simulation.start();
  // Stop mid-slice: the action lands between two events due at the same time.
  let calls = 0;
  await simulation.kernel.runUntil(33_000, () => ++calls === 2);
  simulation.perform({ action: 'devices.accept', devices: ['esp32-1', 'esp32-2'] });
  await playTo(simulation, 40_000);
  simulation.perform({ action: 'devices.accept', devices: 'all' });

  const artifact = writeArtifact({
    artifactName: 'users-build-7',
    payloadType: 'zephyr-image',
    deviceTypes: ['esp32s3_devkitc'],
    files: [{ name: 'zephyr.signed.bin', data: new Uint8Array(8192).fill(3) }],
  });
  const file = simulation.files.add('users-build-7.mender', artifact);
  simulation.perform(
    userActionSchema.parse({
      action: 'management.request',
      method: 'POST',
      path: '/api/management/v1/deployments/artifacts',
      upload: { sha256: file.sha256 },
    }),
  );
  await playTo(simulation, 70_000);
  simulation.perform({
    action: 'power.cut',
    devices: ['esp32-3'],
    onEnteringState: 'INSTALL',
    offForSeconds: 5,
  });
  simulation.perform({
    action: 'deployment.create',
    name: 'users build',
    artifactName: 'users-build-7',
    devices: 'all',
    forceInstallation: false,
  });
  // Left mid-slice, as a pause click leaves it.
  await simulation.kernel.runUntil(190_000, () => true);
}

async function savedSession(): Promise<{ simulation: Simulation; workspace: Workspace }> {
  const simulation = new Simulation(pendingScenario());
  await userSession(simulation);
  return { simulation, workspace: captureWorkspace(simulation, '2026-12-03T12:00:00Z') };
}

describe('workspace file', () => {
  it('replays to the same trace hash, and the run goes on identically', async () => {
    const { simulation, workspace } = await savedSession();
    expect(workspace.actions).toHaveLength(5);
    expect(workspace.files).toHaveLength(1);
    // Stopped between events due at the same time, not at a round time.
    expect(workspace.reached.virtualTimeMs).toBeLessThan(190_000);

    const text = serializeWorkspace(workspace);
    const opened = parseWorkspace(text, 'session.json');
    const restored = new Simulation(opened.scenario);
    const outcome = await restoreWorkspace(restored, opened);

    expect(outcome).toEqual({ traceHash: workspace.traceHash, matches: true });
    expect(restored.kernel.now()).toBe(simulation.kernel.now());
    expect(restored.recordedActions).toEqual(simulation.recordedActions);
    expect(serializeWorkspace(captureWorkspace(restored, workspace.savedAt))).toBe(text);

    await simulation.kernel.runUntil(400_000);
    await restored.kernel.runUntil(400_000);
    expect(restored.kernel.trace.digest()).toBe(simulation.kernel.trace.digest());
    // The user's deployment really ran: the lesson is not a no-op.
    const deploymentId = simulation.deploymentIds.get('users build')!;
    expect(simulation.server.deviceDeployment).toBeDefined();
    expect(
      [...simulation.fleet.values()].map(
        (entry) =>
          simulation.server.deviceDeployment(
            deploymentId,
            simulation.server.findDevice(entry.identity)!.id,
          )?.status,
      ),
    ).toEqual(['success', 'success', 'failure', 'success', 'success']);
  });

  it('holds an action made while it replays until the saved point is reached', async () => {
    const { workspace } = await savedSession();
    const restored = new Simulation(workspace.scenario);
    const restoring = restoreWorkspace(restored, workspace);
    // As a panel does when it sees the new run: it acts at once.
    restored.perform({ action: 'network.down', devices: ['esp32-4'] });
    expect(restored.isReplaying).toBe(true);
    const outcome = await restoring;
    expect(outcome.matches).toBe(true);
    expect(restored.recordedActions).toHaveLength(workspace.actions.length + 1);
    expect(restored.recordedActions.at(-1)).toEqual({
      atMs: workspace.reached.virtualTimeMs,
      afterEvents: workspace.reached.events,
      action: { action: 'network.down', devices: ['esp32-4'] },
    });
  });

  it('gives a different hash when an action is missing, and says so', async () => {
    const { workspace } = await savedSession();
    const withoutPowerCut: Workspace = {
      ...workspace,
      actions: workspace.actions.filter(
        (recorded) => recorded.action.action !== 'power.cut',
      ),
    };
    const outcome = await restoreWorkspace(
      new Simulation(workspace.scenario),
      withoutPowerCut,
    );
    expect(outcome.matches).toBe(false);
    expect(outcome.traceHash).not.toBe(workspace.traceHash);
  });

  it('reports a point the replay cannot reach instead of throwing', async () => {
    const { workspace } = await savedSession();
    const edited: Workspace = {
      ...workspace,
      reached: {
        ...workspace.reached,
        virtualTimeMs: workspace.reached.virtualTimeMs + 60_000,
      },
    };
    const outcome = await restoreWorkspace(new Simulation(workspace.scenario), edited);
    expect(outcome.matches).toBe(false);
    // A plain message about the file, not the clock's internal one.
    expect(outcome.diverged).toMatch(
      /^the point reached \(after \d+ events, at [\d.]+ ms\) does not match the run: the run has an event due at \d+ ms, before that point\. The file was edited or made by another version of the simulator\.$/,
    );
  });

  it('stops a replay soon after the run passes the saved time, and gives the page turns', async () => {
    const { workspace } = await savedSession();
    // More events than the run has by the saved time: the replay must not run on to fire them.
    const edited: Workspace = {
      ...workspace,
      reached: { ...workspace.reached, events: workspace.reached.events + 1_000_000 },
    };
    const simulation = new Simulation(workspace.scenario);
    let turns = 0;
    const outcome = await restoreWorkspace(simulation, edited, {
      pause: () => {
        turns++;
        return Promise.resolve();
      },
      sliceEvents: 10,
    });
    expect(outcome.matches).toBe(false);
    expect(outcome.diverged).toMatch(
      /^the point reached .* does not match the run: the run is at \d+ ms after only \d+ events/,
    );
    expect(simulation.kernel.clock.fired).toBeLessThan(workspace.reached.events + 10);
    expect(turns).toBeGreaterThan(0);
  });

  it('stores apart from its files and reads back the same', async () => {
    const { workspace } = await savedSession();
    const { document, files } = workspaceRecord(workspace);
    expect(JSON.stringify(document)).not.toContain('base64');
    expect(files).toEqual([
      { sha256: workspace.files[0]!.sha256, name: 'users-build-7.mender' },
    ]);
    const back = workspaceFromRecord(
      structuredClone(document),
      workspace.files,
      'this browser',
    );
    expect(serializeWorkspace(back)).toBe(serializeWorkspace(workspace));
  });
});

describe('a malformed workspace file', () => {
  async function problemsOf(edit: (document: Record<string, unknown>) => unknown) {
    const { workspace } = await savedSession();
    const document = JSON.parse(serializeWorkspace(workspace)) as Record<string, unknown>;
    try {
      parseWorkspace(JSON.stringify(edit(document)), 'broken.json');
    } catch (error) {
      expect(error).toBeInstanceOf(WorkspaceError);
      return (error as WorkspaceError).message;
    }
    throw new Error('the workspace was accepted');
  }

  it('that is not JSON is named with the parser’s reason', () => {
    expect(() => parseWorkspace('{"format": ', 'broken.json')).toThrow(
      /Failed to open the workspace broken\.json:\n {2}\(the whole file\): is not JSON/,
    );
  });

  it('that is a scenario, not a workspace, says what it is', () => {
    const scenario = readFileSync(PENDING, 'utf8');
    expect(() => parseWorkspace(scenario, 'scenario.json')).toThrow(
      'format: is "mcu-fleet-simulator/scenario", expected "mcu-fleet-simulator/workspace"',
    );
  });

  it('from a newer app asks for a newer app', async () => {
    expect(await problemsOf((document) => ({ ...document, version: 2 }))).toContain(
      'version: is 2; this app reads workspace versions up to 1',
    );
  });

  it('names the path of a bad value inside the scenario', async () => {
    const message = await problemsOf((document) => {
      const scenario = document.scenario as { fleet: { count: number }[] };
      scenario.fleet[0]!.count = 0;
      return document;
    });
    expect(message).toContain('scenario.fleet[0].count:');
    expect(message).toContain('The running workspace was left as it was.');
  });

  it('names a missing field and a bad action', async () => {
    const message = await problemsOf((document) => {
      const actions = document.actions as { action: { action: string } }[];
      actions[1]!.action.action = 'devices.bless';
      const { traceHash: _dropped, ...rest } = document;
      return rest;
    });
    expect(message).toContain('traceHash: is required');
    expect(message).toContain('actions[1].action.action:');
  });

  it('whose file bytes do not match their hash is called damaged', async () => {
    const message = await problemsOf((document) => {
      const files = document.files as { base64: string }[];
      files[0]!.base64 = btoa('not the artifact');
      return document;
    });
    expect(message).toMatch(/files\[0\]: holds bytes whose SHA-256 is [0-9a-f]{64}/);
  });

  it('with an upload of a file it does not carry names that action', async () => {
    const message = await problemsOf((document) => ({ ...document, files: [] }));
    expect(message).toContain('actions[2].action.upload.sha256: names the file');
  });

  it('that is JSON but not an object names the whole file', () => {
    for (const [text, what] of [
      ['null', 'null'],
      ['5', 'a JSON number'],
      ['[]', 'a JSON array'],
    ]) {
      expect(() => parseWorkspace(text!, 'odd.json')).toThrow(WorkspaceError);
      expect(() => parseWorkspace(text!, 'odd.json')).toThrow(
        `(the whole file): is ${what}, not a workspace`,
      );
    }
  });

  it('whose base64 is cut short or wrongly padded names that file', async () => {
    for (const base64 of ['A', 'AAAAA', 'AQID=']) {
      const message = await problemsOf((document) => {
        (document.files as { base64: string }[])[0]!.base64 = base64;
        return document;
      });
      expect(message).toContain('files[0].base64: must be base64');
    }
  });

  it('whose point reached lies after the scenario ends says so', async () => {
    const message = await problemsOf((document) => ({
      ...document,
      reached: { virtualTimeMs: 1e13, events: 1e12 },
    }));
    expect(message).toMatch(
      /reached\.virtualTimeMs: is 10000000000000 ms, after the scenario ends \(run\.durationSeconds is \d+\)/,
    );
  });

  it('with an action on a device the fleet does not have names that action', async () => {
    const message = await problemsOf((document) => {
      const actions = document.actions as { action: { devices: unknown } }[];
      actions[0]!.action.devices = ['esp32-1', 'esp32-77'];
      return document;
    });
    expect(message).toContain(
      'actions[0].action.devices: names "esp32-77", which the scenario\'s fleet does not have',
    );
  });

  it('with actions out of order or beyond the point reached says so', async () => {
    const message = await problemsOf((document) => {
      const actions = document.actions as { afterEvents: number }[];
      actions[0]!.afterEvents = actions[1]!.afterEvents + 1;
      actions.at(-1)!.afterEvents = 1_000_000;
      return document;
    });
    expect(message).toContain('actions[1]: comes before the action listed ahead of it');
    expect(message).toContain('actions[4]: lies after the point the run reached');
  });
});

describe('rebuilding dropped history by replay', () => {
  function exchangesOf(simulation: Simulation, subject: string): HttpExchangeRecord[] {
    return simulation.kernel.trace
      .history(subject)
      .filter((record): record is HttpExchangeRecord => record.kind === 'http');
  }

  it('gives back every exchange of a device, the kept ones unchanged', async () => {
    const bounded = new Simulation(pendingScenario(8));
    await userSession(bounded);
    expect(bounded.kernel.trace.droppedFor('esp32-1')).toBeGreaterThan(0);

    const whole = new Simulation(pendingScenario(100_000));
    await userSession(whole);
    const all = exchangesOf(whole, 'esp32-1');

    const rebuilt = await rebuildExchanges(
      captureWorkspace(bounded),
      new Set(['esp32-1']),
    );
    expect(rebuilt.matches).toBe(true);
    expect(rebuilt.exchanges).toHaveLength(all.length);
    expect(
      rebuilt.exchanges.map((record) => [record.sentAt, record.request.url]),
    ).toEqual(all.map((record) => [record.sentAt, record.request.url]));
    const kept = exchangesOf(bounded, 'esp32-1');
    expect(kept.length).toBeLessThan(all.length);
    expect(rebuilt.exchanges.slice(-kept.length)).toEqual(kept);
  });
});
