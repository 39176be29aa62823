import { describe, expect, it } from 'vitest';

import { NOOP_UPDATE } from './modules/describedModule.ts';
import { createTraceHarness } from './testing/traceHarness.ts';

describe('client context shape', () => {
  it('keeps at most 19 top-level fields, so that XState merges stay in fast mode', async () => {
    // Object.assign({}, context, patch) with 20 or more keys gives V8's
    // dictionary mode: every guard and merge of a fleet's polls gets dearer.
    const harness = createTraceHarness(NOOP_UPDATE);
    harness.device.powerOn();
    await harness.kernel.runUntil(120_000);
    const context = harness.device.clientActor!.getSnapshot().context;
    expect(Object.keys(context).length).toBeLessThanOrEqual(19);
    expect(context.loop.deployment).toBeUndefined();
    expect(context.clientState).toBe('OPERATIONAL');
  });
});
