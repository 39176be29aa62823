import type { FleetReport, LabReport } from './labReport.ts';

/** One line of the comparison table: a figure per fleet, measured and modelled. */
export interface ComparisonRow {
  readonly metric: string;
  readonly unit: string;
  /** Per fleet, in the report's order: [measured, model]; null where there is none. */
  readonly values: readonly (readonly [number | null, number | null])[];
}

type Pick = (fleet: FleetReport) => readonly [number | null, number | null];

const ROWS: readonly { metric: string; unit: string; pick: Pick }[] = [
  {
    metric: 'Update checks per device per day',
    unit: 'req/day',
    pick: (f) => [
      f.measured.requestsPerDevicePerDay.next,
      f.model.requestsPerDevicePerDay.next,
    ],
  },
  {
    metric: 'Inventory requests per device per day',
    unit: 'req/day',
    pick: (f) => [
      f.measured.requestsPerDevicePerDay.inventory,
      f.model.requestsPerDevicePerDay.inventory,
    ],
  },
  {
    metric: 'Auth requests per device per day',
    unit: 'req/day',
    pick: (f) => [
      f.measured.requestsPerDevicePerDay.auth,
      f.model.requestsPerDevicePerDay.auth,
    ],
  },
  {
    metric: 'All requests per device per day',
    unit: 'req/day',
    pick: (f) => [
      f.measured.requestsPerDevicePerDay.total,
      f.model.requestsPerDevicePerDay.total,
    ],
  },
  {
    metric: 'Fleet requests per second (average)',
    unit: 'req/s',
    pick: (f) => [f.measured.averageRequestsPerSecond, f.model.averageRequestsPerSecond],
  },
  {
    metric: 'Fleet requests in the busiest second',
    unit: 'req',
    pick: (f) => [f.measured.peakRequestsInOneSecond, null],
  },
  {
    metric: 'Bytes per device per day (HTTP + TLS)',
    unit: 'B/day',
    pick: (f) => [f.measured.bytesPerDevicePerDay.total, f.model.bytesPerDevicePerDay],
  },
  {
    metric: 'Radio-on time per device per day',
    unit: 's/day',
    pick: (f) => [f.measured.radioOnSecondsPerDevicePerDay, null],
  },
  {
    metric: 'Battery life (median device)',
    unit: 'days',
    pick: (f) => [f.measured.batteryLifeDays.median, f.model.batteryLifeDays],
  },
  {
    metric: '429 answers',
    unit: 'answers',
    pick: (f) => [f.measured.rateLimit.http429, null],
  },
  {
    metric: 'Test devices that got a 429',
    unit: 'devices',
    pick: (f) => [f.measured.rateLimit.testDevicesWith429, null],
  },
  {
    metric: 'Deployment pickup p50',
    unit: 's',
    pick: (f) => [
      f.measured.deployment?.pickupSeconds.p50 ?? null,
      f.model.pickupSeconds.p50,
    ],
  },
  {
    metric: 'Deployment pickup p90',
    unit: 's',
    pick: (f) => [
      f.measured.deployment?.pickupSeconds.p90 ?? null,
      f.model.pickupSeconds.p90,
    ],
  },
  {
    metric: 'Deployment pickup p99',
    unit: 's',
    pick: (f) => [
      f.measured.deployment?.pickupSeconds.p99 ?? null,
      f.model.pickupSeconds.p99,
    ],
  },
  {
    metric: 'Deployment success p50',
    unit: 's',
    pick: (f) => [f.measured.deployment?.successSeconds.p50 ?? null, null],
  },
  {
    metric: 'Deployment success p90',
    unit: 's',
    pick: (f) => [f.measured.deployment?.successSeconds.p90 ?? null, null],
  },
  {
    metric: 'Deployment success p99',
    unit: 's',
    pick: (f) => [f.measured.deployment?.successSeconds.p99 ?? null, null],
  },
  {
    metric: 'Return after outage p90',
    unit: 's',
    pick: (f) => [
      f.measured.outage?.returnSeconds.p90 ?? null,
      f.measured.outage === undefined ? null : f.model.outageReturnWithinSeconds,
    ],
  },
  {
    metric: 'Return after outage (slowest device)',
    unit: 's',
    pick: (f) => [f.measured.outage?.returnSeconds.max ?? null, null],
  },
];

/**
 * The comparison table the lab shows and exports, fleet by fleet; rows with
 * nothing in them (no deployment, no outage in this lab) are left out.
 */
export function comparisonRows(report: LabReport): ComparisonRow[] {
  return ROWS.map(({ metric, unit, pick }) => ({
    metric,
    unit,
    values: report.fleets.map(pick),
  })).filter((row) =>
    row.values.some(([measured, model]) => measured !== null || model !== null),
  );
}

/**
 * A figure as the lab shows it and the CSV holds it: four significant
 * digits, no grouping, so the two always agree.
 */
export function formatFigure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The lab's numbers as CSV: the comparison table (measured beside the
 * model for each fleet), then the request-rate series of every fleet.
 */
export function labCsv(report: LabReport): string {
  const lines: string[] = [];
  const header = ['metric', 'unit'];
  for (const fleet of report.fleets)
    header.push(`${fleet.name} measured`, `${fleet.name} model`);
  lines.push(header.map(csvCell).join(','));
  for (const row of comparisonRows(report)) {
    const cells = [row.metric, row.unit];
    for (const [measured, model] of row.values) {
      cells.push(formatFigure(measured), formatFigure(model));
    }
    lines.push(cells.map(csvCell).join(','));
  }
  lines.push('');
  const seriesHeader = ['time (s)'];
  for (const fleet of report.fleets)
    seriesHeader.push(`${fleet.name} requests/s`, `${fleet.name} 429s`);
  lines.push(seriesHeader.map(csvCell).join(','));
  const longest = Math.max(
    ...report.fleets.map((fleet) => fleet.series.requestsPerSecond.length),
  );
  const bucketSeconds = report.fleets[0]?.series.bucketSeconds ?? 1;
  for (let bucket = 0; bucket < longest; bucket++) {
    const cells = [String(bucket * bucketSeconds)];
    for (const fleet of report.fleets) {
      cells.push(
        formatFigure(fleet.series.requestsPerSecond[bucket] ?? null),
        formatFigure(fleet.series.http429[bucket] ?? null),
      );
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
