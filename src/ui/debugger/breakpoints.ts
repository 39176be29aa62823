import type { Simulation } from '../../fleet/index.ts';
import type { TraceRecord } from '../../sim/index.ts';

/** "Any device" in a breakpoint's device field. */
export const ANY_DEVICE = 'any';

export type BreakpointCondition =
  | {
      /** A device (or any) enters a client or update state. */
      readonly kind: 'state';
      readonly device: string;
      readonly state: string;
    }
  | {
      /** A device (or any) gets a response with this status. */
      readonly kind: 'status';
      readonly device: string;
      readonly status: number;
    }
  | {
      /** A deployment's status becomes finished. */
      readonly kind: 'deployment-finished';
    };

export type Breakpoint = BreakpointCondition & { readonly id: number };

/** Where a breakpoint stopped the run. */
export interface BreakpointHit {
  readonly breakpointId: number;
  readonly description: string;
  readonly time: number;
  /** The device the event was about, to select it. */
  readonly deviceId: string | undefined;
}

export function describeBreakpoint(condition: BreakpointCondition): string {
  switch (condition.kind) {
    case 'state':
      return `${condition.device === ANY_DEVICE ? 'any device' : condition.device} enters ${condition.state}`;
    case 'status':
      return `${condition.device === ANY_DEVICE ? 'any device' : condition.device} gets status ${condition.status}`;
    case 'deployment-finished':
      return 'a deployment finishes';
  }
}

function isDeploymentStatusReport(record: TraceRecord): boolean {
  return (
    record.kind === 'http' &&
    record.request.method === 'PUT' &&
    record.request.url.includes('/deployments/device/deployments/') &&
    record.request.url.endsWith('/status')
  );
}

/**
 * Watches the trace inside the run loop: a record that meets a breakpoint
 * calls `onHit` while the event that made it is still being fired, so the
 * pause lands right after that event and not a frame later.
 */
export class BreakpointMonitor {
  private breakpoints: readonly Breakpoint[] = [];
  private readonly finishedDeployments = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly simulation: Simulation,
    private readonly onHit: (hit: BreakpointHit) => void,
  ) {
    this.unsubscribe = simulation.kernel.trace.subscribe((record) => this.check(record));
  }

  set(breakpoints: readonly Breakpoint[]): void {
    this.breakpoints = breakpoints;
    // Only deployments that finish from now on stop the run.
    for (const deployment of this.simulation.server.listDeployments()) {
      if (deployment.status === 'finished') this.finishedDeployments.add(deployment.id);
    }
  }

  dispose(): void {
    this.unsubscribe();
  }

  private check(record: TraceRecord): void {
    if (this.breakpoints.length === 0) return;
    const watchDeployments =
      (isDeploymentStatusReport(record) || record.kind === 'action') &&
      this.breakpoints.some((breakpoint) => breakpoint.kind === 'deployment-finished');
    const finished = watchDeployments ? this.newlyFinishedDeployment() : undefined;

    for (const breakpoint of this.breakpoints) {
      const hit = this.matches(breakpoint, record, finished);
      if (hit === undefined) continue;
      this.onHit({
        breakpointId: breakpoint.id,
        description: `${hit} (breakpoint: ${describeBreakpoint(breakpoint)})`,
        time: record.time,
        deviceId: this.simulation.fleet.has(record.subject) ? record.subject : undefined,
      });
      return;
    }
  }

  private matches(
    breakpoint: Breakpoint,
    record: TraceRecord,
    finished: string | undefined,
  ): string | undefined {
    const deviceMatches = (device: string) =>
      device === ANY_DEVICE || device === record.subject;
    switch (breakpoint.kind) {
      case 'state':
        return record.kind === 'state' &&
          record.state === breakpoint.state &&
          deviceMatches(breakpoint.device)
          ? `${record.subject} entered ${record.state}`
          : undefined;
      case 'status':
        return record.kind === 'http' &&
          record.response?.status === breakpoint.status &&
          deviceMatches(breakpoint.device)
          ? `${record.subject}: ${record.request.method} ${new URL(record.request.url).pathname} → ${breakpoint.status}`
          : undefined;
      case 'deployment-finished':
        return finished;
    }
  }

  private newlyFinishedDeployment(): string | undefined {
    for (const deployment of this.simulation.server.listDeployments()) {
      if (
        deployment.status !== 'finished' ||
        this.finishedDeployments.has(deployment.id)
      ) {
        continue;
      }
      this.finishedDeployments.add(deployment.id);
      return `deployment "${deployment.name}" finished`;
    }
    return undefined;
  }
}
