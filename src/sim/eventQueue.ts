/**
 * A 4-ary min-heap of timers ordered by virtual time, then by the order in
 * which they were scheduled.
 *
 * The keys live in typed arrays beside the timer objects: comparisons then
 * read contiguous memory instead of chasing a pointer per timer, which is
 * what decides the speed with a million timers pending. Four children per
 * node halve the depth of a binary heap for the same reason.
 *
 * Cancelled timers stay in the heap until they reach the top or until they
 * outnumber the live ones, so cancelling is O(1) and nothing is ever
 * re-sorted as a whole.
 */
export interface ScheduledTimer {
  readonly at: number;
  readonly sequence: number;
  readonly callback: () => unknown;
  cancelled: boolean;
}

const INITIAL_CAPACITY = 1024;

export class EventQueue {
  private times = new Float64Array(INITIAL_CAPACITY);
  private sequences = new Float64Array(INITIAL_CAPACITY);
  private timers: (ScheduledTimer | undefined)[] = [];
  private length = 0;
  private cancelledInHeap = 0;

  /** Timers waiting to fire, cancelled ones excluded. */
  get size(): number {
    return this.length - this.cancelledInHeap;
  }

  push(timer: ScheduledTimer): void {
    if (this.length === this.times.length) this.grow();
    this.place(this.length, timer.at, timer.sequence, timer);
    this.length++;
    this.siftUp(this.length - 1);
  }

  cancel(timer: ScheduledTimer): void {
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.cancelledInHeap++;

    // Keep memory proportional to live timers when a workload cancels a lot.
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.length) {
      this.compact();
    }
  }

  /** The earliest live timer, or undefined when none is left. */
  peek(): ScheduledTimer | undefined {
    this.dropCancelledTop();
    return this.length > 0 ? this.timers[0] : undefined;
  }

  pop(): ScheduledTimer | undefined {
    this.dropCancelledTop();
    return this.removeTop();
  }

  private dropCancelledTop(): void {
    while (this.length > 0 && this.timers[0]!.cancelled) {
      this.removeTop();
      this.cancelledInHeap--;
    }
  }

  private removeTop(): ScheduledTimer | undefined {
    if (this.length === 0) return undefined;
    const top = this.timers[0];
    const last = --this.length;
    if (last > 0) {
      this.place(0, this.times[last]!, this.sequences[last]!, this.timers[last]!);
      this.timers[last] = undefined;
      this.siftDown(0);
    } else {
      this.timers[0] = undefined;
    }
    return top;
  }

  private place(
    index: number,
    at: number,
    sequence: number,
    timer: ScheduledTimer,
  ): void {
    this.times[index] = at;
    this.sequences[index] = sequence;
    this.timers[index] = timer;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const sequences = new Float64Array(this.sequences.length * 2);
    sequences.set(this.sequences);
    this.times = times;
    this.sequences = sequences;
  }

  private compact(): void {
    const live: ScheduledTimer[] = [];
    for (let index = 0; index < this.length; index++) {
      const timer = this.timers[index]!;
      if (!timer.cancelled) live.push(timer);
    }
    this.timers = [];
    this.length = 0;
    this.cancelledInHeap = 0;
    for (const timer of live) this.push(timer);
  }

  private siftUp(start: number): void {
    const { times, sequences, timers } = this;
    const at = times[start]!;
    const sequence = sequences[start]!;
    const timer = timers[start]!;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const parentAt = times[parent]!;
      if (parentAt < at || (parentAt === at && sequences[parent]! < sequence)) break;
      times[index] = parentAt;
      sequences[index] = sequences[parent]!;
      timers[index] = timers[parent];
      index = parent;
    }
    this.place(index, at, sequence, timer);
  }

  private siftDown(start: number): void {
    const { times, sequences, timers, length } = this;
    const at = times[start]!;
    const sequence = sequences[start]!;
    const timer = timers[start]!;
    let index = start;
    for (;;) {
      const first = 4 * index + 1;
      if (first >= length) break;
      const end = first + 4 < length ? first + 4 : length;
      let child = first;
      let childAt = times[first]!;
      let childSequence = sequences[first]!;
      for (let candidate = first + 1; candidate < end; candidate++) {
        const candidateAt = times[candidate]!;
        if (
          candidateAt < childAt ||
          (candidateAt === childAt && sequences[candidate]! < childSequence)
        ) {
          child = candidate;
          childAt = candidateAt;
          childSequence = sequences[candidate]!;
        }
      }
      if (at < childAt || (at === childAt && sequence < childSequence)) break;
      times[index] = childAt;
      sequences[index] = childSequence;
      timers[index] = timers[child];
      index = child;
    }
    this.place(index, at, sequence, timer);
  }
}
