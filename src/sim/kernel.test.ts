import { describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';

import { SimulationKernel } from './kernel.ts';

/** Resolves after a real-time delay, to make async work finish out of order. */
function realDelay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe('SimulationKernel', () => {
  it('delivers async results in the order the work was asked for', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const delivered: string[] = [];
    kernel.clock.setTimeout(() => {
      // The first task is the slowest in real time; it must still come first.
      kernel.defer(
        () => realDelay(30, 'slow'),
        (v) => delivered.push(v),
        () => undefined,
      );
      kernel.defer(
        () => realDelay(1, 'fast'),
        (v) => delivered.push(v),
        () => undefined,
      );
      kernel.defer(
        () => 'sync',
        (v) => delivered.push(v),
        () => undefined,
      );
    }, 10);
    kernel.clock.setTimeout(() => delivered.push(`timer@${kernel.now()}`), 10);

    await kernel.runUntil(100);
    // All of it completes before the next event, even one due at the same time.
    expect(delivered).toEqual(['slow', 'fast', 'sync', 'timer@10']);
  });

  it('finishes async work before the next timer fires, at the same virtual time', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const log: string[] = [];
    kernel.clock.setTimeout(() => {
      kernel.defer(
        () => realDelay(5, 'answer'),
        (value) => log.push(`${value}@${kernel.now()}`),
        () => undefined,
      );
    }, 10);
    kernel.clock.setTimeout(() => log.push(`next@${kernel.now()}`), 11);
    await kernel.runUntil(20);
    expect(log).toEqual(['answer@10', 'next@11']);
  });

  it('passes a failed task to its error handler and goes on', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const log: string[] = [];
    kernel.defer(
      () => Promise.reject(new Error('boom')),
      () => log.push('done'),
      (error) => log.push((error as Error).message),
    );
    kernel.defer(
      () => 2,
      (value) => log.push(String(value)),
      () => undefined,
    );
    await kernel.runUntil(1);
    expect(log).toEqual(['boom', '2']);
  });

  it('steps one event at a time', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const log: number[] = [];
    kernel.clock.setTimeout(() => log.push(kernel.now()), 5);
    kernel.clock.setTimeout(() => log.push(kernel.now()), 9);
    expect(await kernel.step()).toBe(true);
    expect(log).toEqual([5]);
    expect(await kernel.step()).toBe(true);
    expect(await kernel.step()).toBe(false);
    expect(log).toEqual([5, 9]);
  });

  it('stops a run when interrupted from inside an event', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const log: number[] = [];
    for (const at of [1, 2, 3, 4]) {
      kernel.clock.setTimeout(() => {
        log.push(at);
        if (at === 2) kernel.interrupt();
      }, at);
    }
    expect(await kernel.runUntil(10)).toBe(false);
    expect(log).toEqual([1, 2]);
    expect(kernel.now()).toBe(2);
    expect(await kernel.runUntil(10)).toBe(true);
    expect(log).toEqual([1, 2, 3, 4]);
    expect(kernel.now()).toBe(10);
  });

  it('drives XState delayed transitions at exact virtual times', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const machine = setup({
      types: { context: {} as { ticks: number[] } },
      actions: {
        recordTick: assign({ ticks: ({ context }) => [...context.ticks, kernel.now()] }),
      },
      delays: { pollInterval: 30_000 },
    }).createMachine({
      context: { ticks: [] },
      initial: 'waiting',
      states: {
        waiting: { after: { pollInterval: { target: 'polling' } } },
        polling: { entry: 'recordTick', always: { target: 'waiting' } },
      },
    });
    const actor = createActor(machine, { clock: kernel.clock }).start();
    await kernel.runUntil(100_000);
    expect(actor.getSnapshot().context.ticks).toEqual([30_000, 60_000, 90_000]);
    actor.stop();
  });
});

describe('SimulationKernel.replayTo', () => {
  it('stops between two events due at the same time', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const log: string[] = [];
    kernel.clock.setTimeout(() => log.push('a'), 10);
    kernel.clock.setTimeout(() => log.push('b'), 10);
    kernel.clock.setTimeout(() => log.push('c'), 20);
    await kernel.replayTo(1, 10);
    log.push('user');
    await kernel.runUntil(30);
    expect(log).toEqual(['a', 'user', 'b', 'c']);
  });

  it('says so when the recording has more events than the run', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    kernel.clock.setTimeout(() => undefined, 10);
    await expect(kernel.replayTo(5, 10)).rejects.toThrow(/has only 1 events/);
  });
});
