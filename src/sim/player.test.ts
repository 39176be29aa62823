import { describe, expect, it } from 'vitest';

import { EVENTS_BETWEEN_YIELD_CHECKS, SimulationKernel } from './kernel.ts';
import { Player, type FrameHost } from './player.ts';

/** A wall clock and frame loop the test moves by hand. */
class FakeHost implements FrameHost {
  wallTime = 0;
  private frames: (() => void)[] = [];

  now(): number {
    return this.wallTime;
  }
  requestFrame(callback: () => void): unknown {
    this.frames.push(callback);
    return callback;
  }
  cancelFrame(handle: unknown): void {
    this.frames = this.frames.filter((frame) => frame !== handle);
  }
  /** Moves the wall clock by one 60 Hz frame and runs the frame callbacks. */
  async frame(): Promise<void> {
    this.wallTime += 16;
    const due = this.frames;
    this.frames = [];
    for (const callback of due) callback();
    // Let the async slice finish.
    for (let index = 0; index < 20; index++) await Promise.resolve();
  }
}

/** A host that can also run a slice as the next task, as the browser does with a message. */
class FakeHostWithTasks extends FakeHost {
  private tasks: (() => void)[] = [];
  frameListeners = 0;

  requestSlice(callback: () => void): void {
    this.tasks.push(callback);
  }
  /** Runs the tasks waiting now (not those they ask for). */
  async task(): Promise<number> {
    const due = this.tasks;
    this.tasks = [];
    for (const callback of due) callback();
    for (let index = 0; index < 20; index++) await Promise.resolve();
    return due.length;
  }
}

function everyMillisecond(kernel: SimulationKernel, onEvent: () => void): void {
  const tick = () => {
    onEvent();
    kernel.clock.setTimeout(tick, 1);
  };
  kernel.clock.setTimeout(tick, 1);
}

describe('Player', () => {
  it('keeps virtual time at wall time times the speed when the work fits', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    everyMillisecond(kernel, () => undefined);
    const player = new Player(kernel, host);
    player.setSpeed(100);
    player.play();
    for (let index = 0; index < 10; index++) await host.frame();
    expect(kernel.now()).toBe(10 * 16 * 100);
    expect(player.status().behind).toBe(false);
  });

  it('stops each slice near the budget and reports falling behind', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    // Each event costs 0.05 ms of wall time: 1,000 events per second of virtual time
    // need 50 ms per virtual second, far more than a frame at 100,000x.
    everyMillisecond(kernel, () => (host.wallTime += 0.05));
    const player = new Player(kernel, host);
    player.setSpeed(100_000);
    player.play();

    let slowestSlice = 0;
    for (let index = 0; index < 5; index++) {
      const before = host.wallTime + 16;
      await host.frame();
      slowestSlice = Math.max(slowestSlice, host.wallTime - before);
    }
    // The budget is checked every few events (0.05 ms of work each here).
    expect(slowestSlice).toBeLessThanOrEqual(8 + EVENTS_BETWEEN_YIELD_CHECKS * 0.05);
    expect(player.status().behind).toBe(true);
  });

  it('runs further slices between frames while behind, and notifies once a frame', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHostWithTasks();
    everyMillisecond(kernel, () => (host.wallTime += 0.05));
    const player = new Player(kernel, host);
    let notices = 0;
    player.subscribe(() => notices++);
    player.setSpeed(100_000);
    player.play();
    notices = 0;

    await host.frame();
    const afterFrame = kernel.now();
    expect(player.status().behind).toBe(true);
    expect(notices).toBe(1);
    // A slice as the next task: more virtual time before the next frame, no notice.
    expect(await host.task()).toBe(1);
    expect(kernel.now()).toBeGreaterThan(afterFrame);
    expect(notices).toBe(1);
    expect(await host.task()).toBe(1);

    // Paused: the slice asked for before does nothing.
    player.pause();
    const pausedAt = kernel.now();
    await host.task();
    await host.frame();
    expect(kernel.now()).toBe(pausedAt);
  });

  it('fires nothing while paused and one event per step', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    let events = 0;
    everyMillisecond(kernel, () => events++);
    const player = new Player(kernel, host);
    player.play();
    await host.frame();
    player.pause();
    const afterPause = events;
    await host.frame();
    await host.frame();
    expect(events).toBe(afterPause);
    await player.step();
    expect(events).toBe(afterPause + 1);
  });

  it('runs until a chosen virtual time and pauses there', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    everyMillisecond(kernel, () => undefined);
    const player = new Player(kernel, host);
    await player.runUntil(5_000);
    expect(kernel.now()).toBe(5_000);
    expect(player.status().mode).toBe('paused');
  });

  it('rejects speeds outside 1x to 1,000,000x', () => {
    const player = new Player(new SimulationKernel({ seed: 1 }), new FakeHost());
    expect(() => player.setSpeed(0.5)).toThrow(/between 1 and 1000000/);
    expect(() => player.setSpeed(2_000_000)).toThrow(RangeError);
  });
});

describe('Player at the end of a run', () => {
  it('stops play, steps and run-untils at the end time', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    everyMillisecond(kernel, () => undefined);
    const player = new Player(kernel, host);
    player.setEndTime(1_000);
    player.setSpeed(100);
    player.play();
    for (let index = 0; index < 5; index++) await host.frame();
    expect(kernel.now()).toBe(1_000);
    expect(player.status().mode).toBe('paused');
    expect(player.atEnd).toBe(true);

    player.play();
    expect(player.status().mode).toBe('paused');
    expect(await player.step()).toBe(false);
    await player.runUntil(5_000);
    expect(kernel.now()).toBe(1_000);
  });

  it('runs until a time before the end as asked', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const player = new Player(kernel, new FakeHost());
    player.setEndTime(1_000);
    await player.runUntil(400);
    expect(kernel.now()).toBe(400);
    expect(player.atEnd).toBe(false);
  });
});

describe('Player actions at safe points', () => {
  it('holds a user action made during a slice until the slice ends', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    const player = new Player(kernel, host);
    const log: string[] = [];
    kernel.clock.setTimeout(() => {
      // A slow async answer: the user clicks while it is pending.
      kernel.defer(
        async () => {
          player.runAtSafePoint(() => log.push(`action@${kernel.now()}`));
          await Promise.resolve();
          return 'answer';
        },
        (value) => log.push(value),
        () => undefined,
      );
    }, 5);
    kernel.clock.setTimeout(() => log.push('next event'), 5);
    await player.runUntil(10);
    expect(log).toEqual(['answer', 'next event', 'action@10']);
  });

  it('ends a run-until when paused', async () => {
    const kernel = new SimulationKernel({ seed: 1 });
    const host = new FakeHost();
    everyMillisecond(kernel, () => (host.wallTime += 1));
    const player = new Player(kernel, host);
    const running = player.runUntil(1_000_000);
    for (let index = 0; index < 3; index++) await host.frame();
    player.pause();
    await host.frame();
    await running;
    const stoppedAt = kernel.now();
    expect(stoppedAt).toBeLessThan(1_000_000);
    await host.frame();
    expect(kernel.now()).toBe(stoppedAt);
  });
});
