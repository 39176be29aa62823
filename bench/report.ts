/** One measured figure, printed in the bench table. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** A target from the issue, for the reader to compare; never asserted here. */
  readonly target?: string;
}

/** Collects figures from the benchmark suites and prints them as a table. */
export class BenchReport {
  private readonly figures: { suite: string; figure: BenchFigure }[] = [];

  constructor(private readonly suite: string) {}

  forSuite(suite: string): BenchReport {
    const child = new BenchReport(suite);
    // Children share the parent's list so that one table shows everything.
    (child as unknown as { figures: unknown }).figures = this.figures;
    return child;
  }

  add(figure: BenchFigure): void {
    this.figures.push({ suite: this.suite, figure });
    const target = figure.target === undefined ? '' : `   (target: ${figure.target})`;
    console.log(
      `  ${figure.name}: ${formatNumber(figure.value)} ${figure.unit}${target}`,
    );
  }

  all(): { suite: string; figure: BenchFigure }[] {
    return [...this.figures];
  }
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

/** Wall time of `work` in milliseconds (benchmarks only; never in simulation code). */
export async function timeIt(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
