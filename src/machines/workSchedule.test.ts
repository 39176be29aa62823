import { describe, expect, it } from 'vitest';

import { MenderResult } from './menderTypes.ts';
import { nextWork, rescheduleAfterRun, type WorkTimer } from './workSchedule.ts';

const settings = { periodMs: 30_000, backoffMs: 5_000, maxBackoffMs: 15_000 };
const start: WorkTimer = { dueAt: 0, sequence: 0, backoffMs: 5_000 };

describe('rescheduleAfterRun', () => {
  it('doubles the backoff after each retry error up to the cap', () => {
    let timer = start;
    const waits: number[] = [];
    for (let run = 0; run < 5; run++) {
      const now = run * 100_000;
      timer = rescheduleAfterRun(
        timer,
        MenderResult.RETRY_ERROR,
        undefined,
        settings,
        now,
        run,
      );
      waits.push(timer.dueAt - now);
    }
    expect(waits).toEqual([5_000, 10_000, 15_000, 15_000, 15_000]);
  });

  it('uses Retry-After without advancing the backoff', () => {
    const timer = rescheduleAfterRun(
      start,
      MenderResult.RETRY_ERROR,
      120,
      settings,
      1_000,
      1,
    );
    expect(timer).toEqual({ dueAt: 121_000, sequence: 1, backoffMs: 5_000 });
  });

  it('resets the backoff after OK and waits a period', () => {
    const backedOff = { ...start, backoffMs: 15_000 };
    expect(
      rescheduleAfterRun(backedOff, MenderResult.OK, undefined, settings, 0, 2),
    ).toEqual({
      dueAt: 30_000,
      sequence: 2,
      backoffMs: 5_000,
    });
  });

  it('neither advances nor resets the backoff after FAIL', () => {
    const backedOff = { ...start, backoffMs: 10_000 };
    const timer = rescheduleAfterRun(
      backedOff,
      MenderResult.FAIL,
      undefined,
      settings,
      0,
      3,
    );
    expect(timer).toEqual({ dueAt: 30_000, sequence: 3, backoffMs: 10_000 });
  });

  it('never runs again after DONE', () => {
    expect(
      rescheduleAfterRun(start, MenderResult.DONE, undefined, settings, 0, 4).dueAt,
    ).toBe(Infinity);
  });
});

describe('nextWork', () => {
  it('picks the earliest due work, then the one scheduled first', () => {
    const main = { dueAt: 10, sequence: 5, backoffMs: 0 };
    expect(nextWork(main, { dueAt: 5, sequence: 6, backoffMs: 0 })).toBe('inventory');
    expect(nextWork(main, { dueAt: 10, sequence: 4, backoffMs: 0 })).toBe('inventory');
    expect(nextWork(main, { dueAt: 10, sequence: 6, backoffMs: 0 })).toBe('main');
    expect(nextWork(main, undefined)).toBe('main');
  });
});
