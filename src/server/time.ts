/**
 * The calendar instant virtual time 0 stands for, when a run does not say:
 * timestamps, JWT `iat`/`exp` and link expiry are all derived from it, so
 * that a replay gives the same bytes.
 */
export const DEFAULT_START_DATE = Date.UTC(2026, 0, 1);

/** Virtual time turned into calendar time, the way the server shows it. */
export class ServerClock {
  constructor(
    private readonly virtualNow: () => number,
    /** Unix milliseconds of virtual time 0. */
    readonly startDate: number,
  ) {}

  /** Virtual milliseconds since the start of the run. */
  now(): number {
    return this.virtualNow();
  }

  /** Unix milliseconds of a virtual time. */
  toUnixMs(virtualMs: number): number {
    return this.startDate + virtualMs;
  }

  /** Whole Unix seconds of a virtual time, as JWT claims carry them. */
  toUnixSeconds(virtualMs: number): number {
    return Math.floor(this.toUnixMs(virtualMs) / 1000);
  }

  /** A virtual time as the Go services write timestamps in JSON. */
  format(virtualMs: number): string {
    return formatGoTime(this.toUnixMs(virtualMs));
  }
}

/**
 * RFC 3339 with the fraction trimmed of trailing zeros, which is how Go's
 * `time.Time` marshals (`2026-01-01T00:00:00Z`, `2026-01-01T00:00:00.5Z`).
 */
export function formatGoTime(unixMs: number): string {
  const iso = new Date(unixMs).toISOString();
  const [whole, fraction = ''] = iso.slice(0, -1).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole}${trimmed === '' ? '' : `.${trimmed}`}Z`;
}
