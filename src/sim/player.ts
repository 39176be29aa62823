import type { SimulationKernel } from './kernel.ts';

/**
 * What the player needs from its host: a wall clock and a way to be called
 * again soon. The browser passes `performance.now` and
 * `requestAnimationFrame`; tests pass fakes. Simulation code never reads the
 * wall clock itself.
 */
export interface FrameHost {
  now(): number;
  requestFrame(callback: () => void): unknown;
  cancelFrame(handle: unknown): void;
  /**
   * Calls back as soon as the page has handled what is waiting (input,
   * rendering when a frame is due), without waiting for the next frame. A
   * player that is behind runs its next slice there, so the simulation gets
   * the time a frame leaves over and not just one slice per frame. Without
   * it, slices run once a frame.
   */
  requestSlice?(callback: () => void): void;
}

export type PlayerMode = 'paused' | 'playing';

export interface PlayerStatus {
  readonly mode: PlayerMode;
  readonly speed: number;
  readonly virtualTime: number;
  /** True while the machine cannot keep up with the asked speed. */
  readonly behind: boolean;
}

export const MIN_SPEED = 1;
export const MAX_SPEED = 1_000_000;

/**
 * Longest stretch of simulation work per frame, so that the page's main
 * thread stays responsive (a frame is about 16 ms at 60 Hz).
 */
export const SLICE_BUDGET_MS = 8;

/** A frame at 60 Hz. */
const FRAME_MS = 16;

/**
 * Run control: paused, one step, run until a time, or real-time play at a
 * speed factor. Play advances in slices of at most `SLICE_BUDGET_MS` of
 * wall time per frame; when the work does not fit, virtual time falls behind
 * instead of blocking the page, and the status says so.
 */
export class Player {
  private mode: PlayerMode = 'paused';
  private speedFactor = 1;
  private behind = false;
  private anchorWall = 0;
  private anchorVirtual = 0;
  private frameHandle: unknown = undefined;
  private busy = false;
  private readonly listeners = new Set<(status: PlayerStatus) => void>();
  private readonly atSafePoint: (() => void)[] = [];
  private runningToTime = false;
  /** Bumped by pause, so that a `runUntil` waiting for a frame knows to stop. */
  private runToTimeGeneration = 0;
  /** Bumped by pause, so that a slice asked for before it does not run. */
  private playGeneration = 0;
  private slicePending = false;
  private lastRunUntilNotice = -Infinity;
  /** The run's last virtual moment: play, step and run-until stop there. */
  private endTime = Infinity;

  constructor(
    private readonly kernel: SimulationKernel,
    private readonly host: FrameHost,
    private readonly sliceBudgetMs = SLICE_BUDGET_MS,
  ) {}

  status(): PlayerStatus {
    return {
      mode: this.mode,
      speed: this.speedFactor,
      virtualTime: this.kernel.now(),
      behind: this.behind,
    };
  }

  /**
   * Stops play, steps and run-untils at `time` (a scenario's end), so the
   * run never goes past what its inputs describe.
   */
  setEndTime(time: number): void {
    this.endTime = time;
  }

  /** True once virtual time stands at the end. */
  get atEnd(): boolean {
    return this.kernel.now() >= this.endTime;
  }

  subscribe(listener: (status: PlayerStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  play(): void {
    if (this.mode === 'playing' || this.atEnd) return;
    this.mode = 'playing';
    this.reanchor();
    this.scheduleFrame();
    this.notify();
  }

  /** Pauses after the event being fired, if any; also ends a `runUntil`. */
  pause(): void {
    if (this.runningToTime) {
      this.runToTimeGeneration++;
      this.runningToTime = false;
      this.kernel.interrupt();
    }
    if (this.mode === 'paused') return;
    this.mode = 'paused';
    this.playGeneration++;
    this.slicePending = false;
    this.kernel.interrupt();
    if (this.frameHandle !== undefined) this.host.cancelFrame(this.frameHandle);
    this.frameHandle = undefined;
    this.behind = false;
    this.notify();
  }

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      throw new RangeError(
        `Failed to set the speed to ${speed}: it must be between ${MIN_SPEED} and ${MAX_SPEED}.`,
      );
    }
    this.speedFactor = speed;
    this.reanchor();
    this.notify();
  }

  /** Fires the next event while paused. */
  async step(): Promise<boolean> {
    if (this.mode === 'playing' || this.busy) return false;
    const next = this.kernel.clock.nextTime();
    if (next === undefined || next > this.endTime) return false;
    this.busy = true;
    try {
      return await this.kernel.step();
    } finally {
      this.busy = false;
      this.flushSafePoint();
      this.notify();
    }
  }

  /** Runs to `time` (virtual ms) in frame-sized slices, then pauses. */
  async runUntil(requested: number): Promise<void> {
    this.pause();
    const time = Math.min(requested, this.endTime);
    const run = ++this.runToTimeGeneration;
    this.runningToTime = true;
    try {
      for (;;) {
        const deadline = this.host.now() + this.sliceBudgetMs;
        this.busy = true;
        let reached: boolean;
        try {
          reached = await this.kernel.runUntil(time, () => this.host.now() >= deadline);
        } finally {
          this.busy = false;
          this.flushSafePoint();
        }
        // Listeners hear at most once a frame while slices run back to back.
        if (reached || this.host.now() - this.lastRunUntilNotice >= FRAME_MS) {
          this.lastRunUntilNotice = this.host.now();
          this.notify();
        }
        if (reached || run !== this.runToTimeGeneration) return;
        await new Promise<void>((resolve) => this.yieldToPage(resolve));
        if (run !== this.runToTimeGeneration) return;
      }
    } finally {
      if (run === this.runToTimeGeneration) this.runningToTime = false;
    }
  }

  /**
   * Runs `change` (a user's action) between two events, never while async
   * work of an event is still pending, so that a replay can put it at the
   * same place.
   */
  runAtSafePoint(change: () => void): void {
    if (this.busy) this.atSafePoint.push(change);
    else {
      change();
      this.notify();
    }
  }

  private flushSafePoint(): void {
    while (this.atSafePoint.length > 0) this.atSafePoint.shift()!();
  }

  private reanchor(): void {
    this.anchorWall = this.host.now();
    this.anchorVirtual = this.kernel.now();
  }

  private scheduleFrame(): void {
    this.frameHandle = this.host.requestFrame(() => void this.onFrame());
  }

  /** Between slices of a run-until: the next task, or the next frame without one. */
  private yieldToPage(resume: () => void): void {
    if (this.host.requestSlice !== undefined) this.host.requestSlice(resume);
    else this.host.requestFrame(resume);
  }

  /**
   * Once a frame: the UI catches up (listeners), and a slice runs unless one
   * is already under way or asked for.
   */
  private async onFrame(): Promise<void> {
    this.frameHandle = undefined;
    if (this.mode !== 'playing') return;
    // Falling behind: carry on from where the work got to rather than
    // piling up a debt the page can never pay back (at most a frame's worth).
    if (this.behind) this.reanchor();
    if (!this.busy && !this.slicePending) await this.runSlice();
    this.notify();
    if (this.mode === 'playing') this.scheduleFrame();
  }

  private async runSlice(): Promise<void> {
    this.busy = true;
    const sliceStart = this.host.now();
    const target = Math.min(
      this.endTime,
      this.anchorVirtual + (sliceStart - this.anchorWall) * this.speedFactor,
    );
    const deadline = sliceStart + this.sliceBudgetMs;
    let reached: boolean;
    try {
      reached = await this.kernel.runUntil(target, () => this.host.now() >= deadline);
    } finally {
      this.busy = false;
      this.flushSafePoint();
    }

    this.behind = !reached && this.mode === 'playing';
    if (this.behind) this.askForSlice();
    else if (reached && target >= this.endTime) this.pause();
  }

  /** The next slice as soon as the page is free, when the host can do that. */
  private askForSlice(): void {
    if (this.host.requestSlice === undefined || this.slicePending) return;
    const generation = this.playGeneration;
    this.slicePending = true;
    this.host.requestSlice(() => {
      if (generation !== this.playGeneration) return;
      this.slicePending = false;
      if (this.mode === 'playing' && !this.busy) void this.runSlice();
    });
  }

  private notify(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}
