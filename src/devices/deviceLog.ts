import type { LogLevel } from '../machines/platform.ts';

/** One line of a device's log. */
export interface DeviceLogLine {
  readonly time: number;
  readonly level: LogLevel;
  readonly message: string;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warning', 'error'];
const LEVEL_CODES: Readonly<Record<LogLevel, number>> = {
  debug: 0,
  info: 1,
  warning: 2,
  error: 3,
};

/**
 * The newest `capacity` lines of a device's log, in columns rather than one
 * object per line: a fleet of thousands keeps hundreds of lines each, and
 * the messages are mostly the same few strings, shared by reference.
 */
export class DeviceLog {
  private readonly times: number[] = [];
  private readonly levels: Uint8Array;
  private readonly messages: string[] = [];
  private start = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `A device log needs a capacity of at least 1, got ${capacity}.`,
      );
    }
    this.levels = new Uint8Array(capacity);
  }

  get length(): number {
    return this.times.length;
  }

  /** How many lines were dropped to stay within capacity. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(line: DeviceLogLine): void {
    const filled = this.times.length;
    let slot: number;
    if (filled < this.capacity) {
      slot = filled;
      this.times.push(line.time);
      this.messages.push(line.message);
    } else {
      slot = this.start;
      this.times[slot] = line.time;
      this.messages[slot] = line.message;
      this.start = (this.start + 1) % this.capacity;
      this.droppedCount++;
    }
    this.levels[slot] = LEVEL_CODES[line.level];
  }

  /** The kept lines, oldest first. */
  toArray(): DeviceLogLine[] {
    const lines: DeviceLogLine[] = [];
    const filled = this.times.length;
    for (let offset = 0; offset < filled; offset++) {
      lines.push(this.lineAt((this.start + offset) % filled));
    }
    return lines;
  }

  last(): DeviceLogLine | undefined {
    const filled = this.times.length;
    if (filled === 0) return undefined;
    return this.lineAt((this.start + filled - 1) % filled);
  }

  private lineAt(slot: number): DeviceLogLine {
    return {
      time: this.times[slot]!,
      level: LEVELS[this.levels[slot]!]!,
      message: this.messages[slot]!,
    };
  }
}
