/**
 * Gathers the bytes of a small file as they arrive. Memory follows what has
 * actually been received (at most twice that), never the size a tar header
 * declares: a hostile header may promise megabytes and deliver a few bytes.
 */
export class ByteCollector {
  private buffer = new Uint8Array(0);
  private fill = 0;

  /** Copies `bytes` in (callers pass views into buffers they reuse). */
  add(bytes: Uint8Array): void {
    const needed = this.fill + bytes.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2, 256));
      grown.set(this.buffer.subarray(0, this.fill));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.fill);
    this.fill = needed;
  }

  /** All bytes received so far. */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.fill);
  }
}
