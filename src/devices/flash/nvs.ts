import type { Trace } from '../../sim/index.ts';

/** Where flash writes are reported, with the virtual time and the device. */
export interface FlashObserver {
  readonly trace: Trace;
  readonly now: () => number;
  readonly subject: string;
}

/**
 * Zephyr NVS as the client uses it: numbered records of bytes that survive
 * power cycles (it lives on the device, not in the client's RAM). Every
 * write and delete is recorded in the trace.
 */
export class NvsStore {
  private readonly records = new Map<number, Uint8Array>();
  private writes = 0;

  constructor(private readonly observer: FlashObserver) {}

  /** How many writes and deletes reached flash since manufacture. */
  get writeCount(): number {
    return this.writes;
  }

  read(id: number): Uint8Array | undefined {
    return this.records.get(id);
  }

  write(id: number, bytes: Uint8Array): void {
    this.records.set(id, bytes.slice());
    this.note('write', id, bytes.length);
  }

  delete(id: number): void {
    if (!this.records.has(id)) return;
    this.records.delete(id);
    this.note('delete', id, 0);
  }

  /** Record ids and sizes, for inspection. */
  entries(): { id: number; bytes: Uint8Array }[] {
    return [...this.records].map(([id, bytes]) => ({ id, bytes }));
  }

  private note(operation: 'write' | 'delete', id: number, bytes: number): void {
    this.writes++;
    this.observer.trace.append({
      kind: 'flash',
      time: this.observer.now(),
      subject: this.observer.subject,
      operation,
      key: `nvs:${id}`,
      bytes,
    });
  }
}
