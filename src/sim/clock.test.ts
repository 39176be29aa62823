import { describe, expect, it } from 'vitest';

import { NOTHING_DUE, VirtualClock } from './clock.ts';
import { SeededRandom } from './random.ts';

function drain(clock: VirtualClock, limit = Infinity): void {
  while (clock.fireNext(limit) !== NOTHING_DUE) {
    // each call fires one timer
  }
}

describe('VirtualClock', () => {
  it('fires each timer at its exact virtual time', () => {
    const clock = new VirtualClock();
    const firedAt: number[] = [];
    for (const delay of [30_000, 1, 0.5, 86_400_000, 1234.25]) {
      clock.setTimeout(() => firedAt.push(clock.now()), delay);
    }
    drain(clock);
    expect(firedAt).toEqual([0.5, 1, 1234.25, 30_000, 86_400_000]);
  });

  it('fires timers due at the same time in the order they were scheduled', () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.setTimeout(() => order.push('b1'), 100);
    clock.setTimeout(() => order.push('a'), 50);
    clock.setTimeout(() => order.push('b2'), 100);
    clock.setTimeout(() => order.push('b3'), 100);
    drain(clock);
    expect(order).toEqual(['a', 'b1', 'b2', 'b3']);
  });

  it('never fires a cancelled timer and keeps the others in order', () => {
    const clock = new VirtualClock();
    const order: number[] = [];
    const handles = [10, 20, 30, 40].map((delay) =>
      clock.setTimeout(() => order.push(delay), delay),
    );
    clock.clearTimeout(handles[1]);
    clock.clearTimeout(handles[3]);
    clock.clearTimeout(handles[3]);
    expect(clock.pending).toBe(2);
    drain(clock);
    expect(order).toEqual([10, 30]);
  });

  it('ignores cancelling a timer that already fired', () => {
    const clock = new VirtualClock();
    const handle = clock.setTimeout(() => undefined, 5);
    clock.setTimeout(() => undefined, 10);
    clock.fireNext();
    clock.clearTimeout(handle);
    expect(clock.pending).toBe(1);
  });

  it('fires timers scheduled from inside a firing timer at their own times', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push(`outer@${clock.now()}`);
      clock.setTimeout(() => log.push(`zero@${clock.now()}`), 0);
      clock.setTimeout(() => log.push(`later@${clock.now()}`), 25);
    }, 100);
    clock.setTimeout(() => log.push(`same@${clock.now()}`), 100);
    clock.setTimeout(() => log.push(`between@${clock.now()}`), 110);
    drain(clock);
    // A zero-delay timer made at 100 queues behind the one already due at 100.
    expect(log).toEqual([
      'outer@100',
      'same@100',
      'zero@100',
      'between@110',
      'later@125',
    ]);
  });

  it('cancels from inside a firing timer', () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    const victim = clock.setTimeout(() => log.push(20), 20);
    clock.setTimeout(() => clock.clearTimeout(victim), 10);
    clock.setTimeout(() => log.push(30), 30);
    drain(clock);
    expect(log).toEqual([30]);
  });

  it('stops at a limit and leaves later timers waiting', () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    for (const delay of [5, 10, 15]) clock.setTimeout(() => log.push(delay), delay);
    drain(clock, 10);
    expect(log).toEqual([5, 10]);
    expect(clock.nextTime()).toBe(15);
    clock.advanceTo(12);
    expect(clock.now()).toBe(12);
    expect(() => clock.advanceTo(20)).toThrow(/a timer is due at 15 ms/);
  });

  it('treats negative and non-finite delays as zero', () => {
    const clock = new VirtualClock();
    clock.setTimeout(() => undefined, 7);
    clock.fireNext();
    const log: number[] = [];
    clock.setTimeout(() => log.push(clock.now()), -5);
    clock.setTimeout(() => log.push(clock.now()), Number.NaN);
    drain(clock);
    expect(log).toEqual([7, 7]);
  });

  it('fires 1,000,000 timers in time order, ties in scheduling order', () => {
    const clock = new VirtualClock();
    const random = new SeededRandom(7);
    const count = 1_000_000;
    const delays = new Float64Array(count);
    let previousDelay = -1;
    let previousIndex = -1;
    let outOfOrder = 0;
    let fired = 0;
    for (let index = 0; index < count; index++) {
      // Few distinct times, so that ties are common.
      const delay = random.integer(0, 5000);
      delays[index] = delay;
      clock.setTimeout(() => {
        const inOrder =
          delay > previousDelay || (delay === previousDelay && index > previousIndex);
        if (!inOrder || clock.now() !== delay) outOfOrder++;
        previousDelay = delay;
        previousIndex = index;
        fired++;
      }, delay);
    }
    drain(clock, -1);
    expect(fired).toBe(0);
    drain(clock);
    expect(fired).toBe(count);
    expect(outOfOrder).toBe(0);
  });

  it('compacts many cancelled timers without losing live ones', () => {
    const clock = new VirtualClock();
    const handles = [];
    const log: number[] = [];
    for (let index = 0; index < 10_000; index++) {
      handles.push(clock.setTimeout(() => log.push(index), index));
    }
    handles.forEach((handle, index) => {
      if (index % 10 !== 0) clock.clearTimeout(handle);
    });
    expect(clock.pending).toBe(1000);
    drain(clock);
    expect(log).toHaveLength(1000);
    expect(log.every((value, position) => value === position * 10)).toBe(true);
  });
});
