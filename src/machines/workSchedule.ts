import { MenderResult } from './menderTypes.ts';

/** The two work items that share the client's single work queue. */
export type WorkName = 'main' | 'inventory';

/** When a work item runs next, and its backoff (RAM only). */
export interface WorkTimer {
  /** Virtual time of the next run; Infinity when the work returned DONE. */
  readonly dueAt: number;
  /** Scheduling order, so that equal times run in the order they were set. */
  readonly sequence: number;
  /** The wait used by the next RETRY_ERROR. */
  readonly backoffMs: number;
}

export interface BackoffSettings {
  readonly periodMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

/**
 * The Zephyr scheduler's choice of the next run after a work function
 * returned (os.c:199-252): DONE never again; OK after the period with the
 * backoff reset; RETRY_ERROR after Retry-After (if the run's last request
 * carried one) or after the backoff, which then doubles up to the cap; any
 * other error after the period, backoff untouched.
 */
export function rescheduleAfterRun(
  timer: WorkTimer,
  result: MenderResult,
  retryAfterSeconds: number | undefined,
  settings: BackoffSettings,
  now: number,
  sequence: number,
): WorkTimer {
  if (result === MenderResult.DONE) {
    return { dueAt: Infinity, sequence, backoffMs: settings.backoffMs };
  }
  if (result === MenderResult.OK) {
    return { dueAt: now + settings.periodMs, sequence, backoffMs: settings.backoffMs };
  }
  if (result === MenderResult.RETRY_ERROR) {
    if (retryAfterSeconds !== undefined) {
      return {
        dueAt: now + retryAfterSeconds * 1000,
        sequence,
        backoffMs: timer.backoffMs,
      };
    }
    const doubled = Math.min(timer.backoffMs * 2, settings.maxBackoffMs);
    return { dueAt: now + timer.backoffMs, sequence, backoffMs: doubled };
  }
  return { dueAt: now + settings.periodMs, sequence, backoffMs: timer.backoffMs };
}

/** The work item to run next: earliest due, then earliest scheduled. */
export function nextWork(
  main: WorkTimer,
  inventory: WorkTimer | undefined,
): WorkName | undefined {
  if (inventory === undefined || inventory.dueAt === Infinity) {
    return main.dueAt === Infinity ? undefined : 'main';
  }
  if (main.dueAt === Infinity) return 'inventory';
  if (inventory.dueAt < main.dueAt) return 'inventory';
  if (inventory.dueAt === main.dueAt && inventory.sequence < main.sequence) {
    return 'inventory';
  }
  return 'main';
}
