import { DEFAULT_START_DATE } from '../server/index.ts';
import type { HttpExchangeRecord, Subject } from '../sim/index.ts';
import { buildHar, type Har } from './har.ts';
import type { Simulation } from './simulation.ts';
import { captureWorkspace, rebuildExchanges } from './workspace.ts';

/** Whose traffic goes into the archive: one device (or the admin), or everyone. */
export type HarScope = { readonly subject: Subject } | 'fleet';

export interface HarExport {
  readonly har: Har;
  /** True when older exchanges were dropped from memory and rebuilt by replay. */
  readonly rebuilt: boolean;
  /** Said plainly when the archive is not the whole history. */
  readonly missing?: string;
}

function keptExchanges(simulation: Simulation, subjects: readonly Subject[]) {
  return subjects.flatMap((subject) =>
    simulation.kernel.trace
      .history(subject)
      .filter((record): record is HttpExchangeRecord => record.kind === 'http'),
  );
}

/** In the order the requests were sent, as a browser's network log lists them. */
function bySendTime(exchanges: readonly HttpExchangeRecord[]): HttpExchangeRecord[] {
  // Array.prototype.sort is stable: exchanges sent together keep trace order.
  return [...exchanges].sort((a, b) => a.sentAt - b.sentAt);
}

/**
 * A HAR of the HTTP traffic of a device or of the whole fleet from the start
 * of the run. The app keeps a bounded history per device; when older records
 * were dropped, the run's inputs are replayed headless to rebuild them, and
 * if that replay does not give the same trace the archive holds what is kept
 * and says what is missing.
 */
export async function exportHar(
  simulation: Simulation,
  scope: HarScope,
  creatorVersion: string,
): Promise<HarExport> {
  const trace = simulation.kernel.trace;
  const subjects = scope === 'fleet' ? trace.subjects() : [scope.subject];
  const dropped = subjects.reduce(
    (total, subject) => total + trace.droppedFor(subject),
    0,
  );
  const kept = keptExchanges(simulation, subjects);
  const build = (exchanges: readonly HttpExchangeRecord[]) =>
    buildHar(bySendTime(exchanges), DEFAULT_START_DATE, creatorVersion);
  if (dropped === 0) return { har: build(kept), rebuilt: false };

  const rebuilt = await rebuildExchanges(
    captureWorkspace(simulation),
    scope === 'fleet' ? undefined : new Set(subjects),
  );
  if (rebuilt.matches) return { har: build(rebuilt.exchanges), rebuilt: true };

  const oldest = kept.reduce((min, record) => Math.min(min, record.sentAt), Infinity);
  const missing =
    `${dropped} older trace records of ${scope === 'fleet' ? 'the fleet' : scope.subject} ` +
    'were dropped to bound memory, and replaying the run did not give the same trace ' +
    `(${rebuilt.diverged ?? `hash ${rebuilt.traceHash}`}), so they could not be rebuilt. ` +
    `This archive holds the ${kept.length} exchanges still kept` +
    (Number.isFinite(oldest) ? `, from virtual time ${oldest} ms on.` : '.');
  const har = build(kept);
  har.log.comment = missing;
  return { har, rebuilt: false, missing };
}
