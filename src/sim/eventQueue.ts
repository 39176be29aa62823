/**
 * A binary min-heap of timers ordered by virtual time, then by the order in
 * which they were scheduled. Cancelled timers stay in the heap until they
 * reach the top or until they outnumber the live ones, so cancelling is O(1)
 * and nothing is ever re-sorted as a whole.
 */
export interface ScheduledTimer {
  readonly at: number;
  readonly sequence: number;
  readonly callback: () => unknown;
  cancelled: boolean;
}

function isEarlier(a: ScheduledTimer, b: ScheduledTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}

export class EventQueue {
  private heap: ScheduledTimer[] = [];
  private cancelledInHeap = 0;

  /** Timers waiting to fire, cancelled ones excluded. */
  get size(): number {
    return this.heap.length - this.cancelledInHeap;
  }

  push(timer: ScheduledTimer): void {
    this.heap.push(timer);
    this.siftUp(this.heap.length - 1);
  }

  cancel(timer: ScheduledTimer): void {
    if (timer.cancelled) return;
    timer.cancelled = true;
    this.cancelledInHeap++;

    // Keep memory proportional to live timers when a workload cancels a lot.
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.length) {
      this.compact();
    }
  }

  /** The earliest live timer, or undefined when none is left. */
  peek(): ScheduledTimer | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  pop(): ScheduledTimer | undefined {
    this.dropCancelledTop();
    return this.removeTop();
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) {
      this.removeTop();
      this.cancelledInHeap--;
    }
  }

  private removeTop(): ScheduledTimer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top !== undefined && last !== undefined && heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private compact(): void {
    this.heap = this.heap.filter((timer) => !timer.cancelled);
    this.cancelledInHeap = 0;
    for (let index = (this.heap.length >> 1) - 1; index >= 0; index--) {
      this.siftDown(index);
    }
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    const timer = heap[start]!;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!isEarlier(timer, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = timer;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const length = heap.length;
    const timer = heap[start]!;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && isEarlier(heap[right]!, heap[left]!)) child = right;
      if (!isEarlier(heap[child]!, timer)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = timer;
  }
}
