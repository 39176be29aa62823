import { EventQueue, type ScheduledTimer } from './eventQueue.ts';

/**
 * The handle a timer is known by. XState keeps it opaquely and hands it back
 * to `clearTimeout`.
 */
export type TimerHandle = ScheduledTimer;

/**
 * Virtual time in milliseconds since the start of a run. It only moves when
 * the next timer fires, and then exactly to that timer's time.
 *
 * It satisfies XState's `clock` option, so actors created with
 * `createActor(machine, { clock })` schedule their delayed transitions here.
 */
export class VirtualClock {
  private readonly queue = new EventQueue();
  private currentTime = 0;
  private nextSequence = 0;
  private firedCount = 0;

  /** The current virtual time in milliseconds. */
  now(): number {
    return this.currentTime;
  }

  /** How many timers have fired since the clock was made. */
  get fired(): number {
    return this.firedCount;
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.queue.size;
  }

  /** The virtual time of the next timer, or undefined when none waits. */
  nextTime(): number | undefined {
    return this.queue.peek()?.at;
  }

  /**
   * Runs `callback` after `delayMs` of virtual time. Timers due at the same
   * time fire in the order they were scheduled. A negative or non-finite delay
   * counts as zero, as a host's setTimeout treats it.
   */
  setTimeout(callback: () => unknown, delayMs: number): TimerHandle {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: ScheduledTimer = {
      at: this.currentTime + delay,
      sequence: this.nextSequence++,
      callback,
      cancelled: false,
    };
    this.queue.push(timer);
    return timer;
  }

  /** Cancels a timer; cancelling a fired or cancelled timer does nothing. */
  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.queue.cancel(handle);
  }

  /**
   * Fires the next timer if it is due at or before `limit`. Returns what the
   * callback returned (the kernel awaits a promise before going on), or
   * `NOTHING_DUE` when no timer was fired.
   */
  fireNext(limit = Infinity): unknown {
    const next = this.queue.peek();
    if (next === undefined || next.at > limit) return NOTHING_DUE;
    this.queue.pop();
    this.currentTime = next.at;
    this.firedCount++;
    next.cancelled = true;
    return next.callback();
  }

  /** Moves time forward to `time` without firing anything. */
  advanceTo(time: number): void {
    const next = this.queue.peek();
    if (next !== undefined && next.at < time) {
      throw new Error(
        `Failed to advance the clock to ${time} ms: a timer is due at ${next.at} ms. ` +
          'Fire the due timers first.',
      );
    }
    if (time > this.currentTime) this.currentTime = time;
  }
}

/** Returned by `fireNext` when nothing was due. */
export const NOTHING_DUE: unique symbol = Symbol('nothing due');
