import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  UPDATE_STATES,
  type CallbackState,
  type ClientState,
  type UpdateState,
} from '../machines/menderTypes.ts';
import { NOOP_UPDATE, testUpdateDescription } from './modules/describedModule.ts';
import type { ModuleChoice } from './simulatedDevice.ts';
import { createTraceHarness, DEVICE_ID } from './testing/traceHarness.ts';

/*
 * power-cut-everywhere: cut power once, on entering any state or inside any
 * callback, for every module shape, and check that the deployment always
 * ends: the client back in OPERATIONAL with nothing in progress (a stale END
 * record is allowed, as in the real client), a final status on the server,
 * no endless loop, and with zephyr-image a confirmed image running.
 */

type ModuleCase = 'test-FF' | 'test-FT' | 'test-TF' | 'test-TT' | 'zephyr-image';

const MODULE_CASES: readonly ModuleCase[] = [
  'test-FF',
  'test-FT',
  'test-TF',
  'test-TT',
  'zephyr-image',
];

type CutPoint =
  | { readonly on: 'entering'; readonly state: ClientState | UpdateState }
  | { readonly on: 'callback'; readonly state: CallbackState };

const CUT_POINTS: readonly CutPoint[] = [
  ...(['INITIALIZATION', 'OPERATIONAL', 'PENDING_REBOOT'] as const).map(
    (state) => ({ on: 'entering', state }) as const,
  ),
  ...UPDATE_STATES.map((state) => ({ on: 'entering', state }) as const),
  ...UPDATE_STATES.filter((state): state is CallbackState => state !== 'END').map(
    (state) => ({ on: 'callback', state }) as const,
  ),
];

function moduleChoice(moduleCase: ModuleCase): ModuleChoice {
  if (moduleCase === 'zephyr-image') return { kind: 'zephyr-image' };
  return {
    kind: 'described',
    description: testUpdateDescription({
      requiresReboot: moduleCase[5] === 'T',
      supportsRollback: moduleCase[6] === 'T',
    }),
  };
}

interface Example {
  readonly moduleCase: ModuleCase;
  readonly cut: CutPoint;
  readonly offForMs: number;
}

const OFFERED_AT = 5_000;
const RUN_UNTIL = 1_800_000;

async function runWithCut(moduleCase: ModuleCase, cut: CutPoint, offForMs: number) {
  const zephyr = moduleCase === 'zephyr-image';
  const harness = createTraceHarness(
    NOOP_UPDATE,
    {},
    { modules: [moduleChoice(moduleCase)], restart: zephyr ? 'reboot' : 'log' },
  );
  let cuts = 0;
  harness.kernel.trace.subscribe((record) => {
    if (record.kind === 'power' && record.cause.startsWith('power cut')) cuts++;
  });
  if (cut.on === 'entering')
    harness.device.cutPowerOnEnteringState(cut.state, { offForMs });
  else harness.device.cutPowerInsideCallback(cut.state, { offForMs });

  harness.device.powerOn();
  await harness.kernel.runUntil(OFFERED_AT);
  const payloadType = zephyr ? 'zephyr-image' : 'test-update';
  harness.api.offer('dep-1', 'rel-2', harness.artifact(payloadType), ['test-device']);
  await harness.kernel.runUntil(RUN_UNTIL);
  return { ...harness, cuts };
}

function checkEnded(harness: Awaited<ReturnType<typeof runWithCut>>, zephyr: boolean) {
  const statuses = harness.api.statusesOf('dep-1');
  expect(['success', 'failure']).toContain(statuses.at(-1));

  const snapshot = harness.device.snapshot();
  expect(snapshot.powered).toBe(true);
  expect(snapshot.clientState).toBe('OPERATIONAL');
  expect([undefined, 'END']).toContain(snapshot.storedUpdateState);

  // No loop: the last update states are idle polls, not a deployment.
  const recent = harness.kernel.trace
    .history(DEVICE_ID)
    .filter((record) => record.kind === 'state' && record.machine === 'update')
    .slice(-3)
    .map((record) => (record.kind === 'state' ? record.state : ''));
  expect(recent).toEqual(['DOWNLOAD', 'DOWNLOAD', 'DOWNLOAD']);

  if (zephyr) {
    expect(harness.device.mcuboot.confirmed).toBe(true);
    expect(['rel-1', 'rel-2']).toContain(harness.device.mcuboot.primary.name);
    // A failure can still leave the new image running: a cut inside COMMIT,
    // after the image was confirmed, resumes into ROLLBACK, which zephyr-image
    // refuses for a confirmed image; the server then holds `failure`.
    if (statuses.at(-1) === 'success')
      expect(harness.device.mcuboot.primary.name).toBe('rel-2');
  }
}

describe('power-cut-everywhere', () => {
  it('ends every deployment, whatever the moment power is cut', async () => {
    const examples: [Example][] = MODULE_CASES.flatMap((moduleCase) =>
      CUT_POINTS.map((cut): [Example] => [{ moduleCase, cut, offForMs: 10_000 }]),
    );
    let cutsFired = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          moduleCase: fc.constantFrom(...MODULE_CASES),
          cut: fc.constantFrom(...CUT_POINTS),
          offForMs: fc.integer({ min: 0, max: 120_000 }),
        }),
        async ({ moduleCase, cut, offForMs }) => {
          const harness = await runWithCut(moduleCase, cut, offForMs);
          checkEnded(harness, moduleCase === 'zephyr-image');
          expect(harness.cuts).toBeLessThanOrEqual(1);
          cutsFired += harness.cuts;
          runs++;
        },
      ),
      {
        examples,
        // fast-check counts the examples in numRuns: all of them, then 40 drawn.
        numRuns: examples.length + 40,
        seed: 5,
      },
    );
    expect(runs).toBe(examples.length + 40);
    // Most cut points lie on the paths these deployments take.
    expect(cutsFired).toBeGreaterThan(examples.length / 2);
  }, 300_000);
});
