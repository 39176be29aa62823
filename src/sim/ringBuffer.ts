/** Keeps the newest `capacity` items and counts the ones it let go. */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `A ring buffer needs a capacity of at least 1, got ${capacity}.`,
      );
    }
  }

  get length(): number {
    return this.items.length;
  }

  /** How many items were dropped to stay within capacity. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.droppedCount++;
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  last(): T | undefined {
    if (this.items.length === 0) return undefined;
    const index = (this.start + this.items.length - 1) % this.items.length;
    return this.items[index];
  }
}
