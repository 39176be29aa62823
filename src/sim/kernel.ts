import { NOTHING_DUE, VirtualClock } from './clock.ts';
import { SeededRandom } from './random.ts';
import { Trace, type TraceOptions } from './trace.ts';

/**
 * Async work run after the current event, and where its result goes. The
 * kernel calls the three as methods of the task.
 */
export interface DeferredTask<T = unknown> {
  work(): T | Promise<T>;
  onDone(result: T): void;
  onError(error: unknown): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export interface KernelOptions extends TraceOptions {
  readonly seed: number;
}

/**
 * How often a time slice looks at the wall clock, in fired events. A device's
 * event costs tens of microseconds, a clock reading well under one: checking
 * often keeps a slice close to its budget (a frame's room) at little cost.
 */
export const EVENTS_BETWEEN_YIELD_CHECKS = 8;

/**
 * The deterministic core of a run: virtual clock, seeded randomness, trace,
 * and the rule that async work (WebCrypto, server handlers, fetch) is done
 * one task at a time, in the order it was asked for, before the next timer
 * fires. Nothing in a run can then depend on how fast a thread happens to be.
 */
export class SimulationKernel {
  readonly clock = new VirtualClock();
  readonly random: SeededRandom;
  readonly trace: Trace;

  private deferred: DeferredTask[] = [];
  private deferredHead = 0;
  private interruptRequested = false;

  constructor(options: KernelOptions) {
    this.random = new SeededRandom(options.seed);
    this.trace = new Trace(options);
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Runs `work` after the current event, in request order, and passes its
   * result (awaited if it is a promise) to `onDone`. Virtual time does not
   * move while it runs.
   */
  defer<T>(
    work: () => T | Promise<T>,
    onDone: (result: T) => void,
    onError: (error: unknown) => void,
  ): void {
    this.deferred.push({
      work,
      onDone: onDone as (result: unknown) => void,
      onError,
    });
  }

  /** `defer` for a task object (one allocation instead of three closures). */
  deferTask<T>(task: DeferredTask<T>): void {
    this.deferred.push(task as DeferredTask);
  }

  /** Whether async work is waiting to run. */
  get hasDeferredWork(): boolean {
    return this.deferredHead < this.deferred.length;
  }

  /**
   * Stops `runUntil` and time slices after the event being fired, as a
   * breakpoint or a pause click does.
   */
  interrupt(): void {
    this.interruptRequested = true;
  }

  /** Fires the next event, if any, and finishes the work it started. */
  async step(): Promise<boolean> {
    await this.drainDeferred();
    const outcome = this.clock.fireNext();
    if (outcome === NOTHING_DUE) return false;
    if (isPromiseLike(outcome)) await outcome;
    await this.drainDeferred();
    return true;
  }

  /**
   * Fires every event due up to `time` and leaves the clock at `time`, unless
   * interrupted or `shouldYield` says the slice is over. Returns true when it
   * reached `time`.
   */
  async runUntil(
    time: number,
    shouldYield: () => boolean = () => false,
  ): Promise<boolean> {
    this.interruptRequested = false;
    await this.drainDeferred();
    let sinceCheck = 0;

    for (;;) {
      if (this.interruptRequested) return false;
      if (++sinceCheck >= EVENTS_BETWEEN_YIELD_CHECKS) {
        sinceCheck = 0;
        if (shouldYield()) return false;
      }

      const outcome = this.clock.fireNext(time);
      if (outcome === NOTHING_DUE) break;
      if (isPromiseLike(outcome)) await outcome;
      if (this.deferredHead < this.deferred.length) await this.drainDeferred();
    }

    if (this.interruptRequested) return false;
    this.clock.advanceTo(time);
    return true;
  }

  /**
   * Fires events until `count` have fired since the start of the run, then
   * moves the clock to `time`. A replay uses it to put a user's action at
   * exactly the point between two events where it was first made.
   */
  async replayTo(count: number, time: number): Promise<void> {
    await this.drainDeferred();
    while (this.clock.fired < count) {
      const outcome = this.clock.fireNext();
      if (outcome === NOTHING_DUE) {
        throw new Error(
          `Failed to replay to event ${count}: the run has only ${this.clock.fired} events. ` +
            'The recording does not belong to this scenario and seed.',
        );
      }
      if (isPromiseLike(outcome)) await outcome;
      await this.drainDeferred();
    }
    this.clock.advanceTo(time);
  }

  private async drainDeferred(): Promise<void> {
    // An index instead of shift(): a fleet can queue thousands of tasks at once.
    while (this.deferredHead < this.deferred.length) {
      const task = this.deferred[this.deferredHead++]!;
      let result: unknown;
      try {
        result = task.work();
        if (isPromiseLike(result)) result = await result;
      } catch (error) {
        task.onError(error);
        continue;
      }
      task.onDone(result);
    }
    this.deferred = [];
    this.deferredHead = 0;
  }
}
