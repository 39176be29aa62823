import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Colours told apart on a projector and by most colour-blind viewers (Okabe–Ito). */
export const FLEET_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export interface LabChartProps {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  /** A logarithmic y axis, for loads that differ by orders of magnitude. */
  readonly logY?: boolean;
  /** Draws steps (a CDF) instead of straight segments. */
  readonly stepped?: boolean;
  /** Draws each value as a dot, for categories rather than a time line. */
  readonly dots?: boolean;
  /** File name of the PNG export, without extension. */
  readonly fileName: string;
  readonly formatX?: (value: number) => string;
}

function sparse(values: readonly (number | null)[]): boolean {
  const present = values.filter((value) => value !== null && value !== 0).length;
  return present > 0 && present < values.length / 4;
}

const AXIS_FONT = '16px system-ui, sans-serif';
const LABEL_FONT = 'bold 16px system-ui, sans-serif';
const HEIGHT = 320;

/** The chart's canvas on a white background under its title, as a PNG download. */
function exportPng(plot: uPlot, title: string, fileName: string): void {
  const source = plot.ctx.canvas;
  const titleHeight = 40 * devicePixelRatio;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height + titleHeight;
  const context = canvas.getContext('2d');
  if (context === null) return;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#1d2330';
  context.font = `bold ${20 * devicePixelRatio}px system-ui, sans-serif`;
  context.fillText(title, 12 * devicePixelRatio, 28 * devicePixelRatio);
  context.drawImage(source, 0, titleHeight);
  // Legend colours are DOM, not canvas: write the series names under the title.
  let x = canvas.width / 2;
  context.font = `${14 * devicePixelRatio}px system-ui, sans-serif`;
  plot.series.slice(1).forEach((series, index) => {
    context.fillStyle = FLEET_COLOURS[index % FLEET_COLOURS.length]!;
    const label = String(series.label ?? '');
    context.fillText(`■ ${label}`, x, 28 * devicePixelRatio);
    x += context.measureText(`■ ${label}`).width + 16 * devicePixelRatio;
  });
  canvas.toBlob((blob) => {
    if (blob === null) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${fileName}.png`;
    link.click();
    URL.revokeObjectURL(link.href);
  }, 'image/png');
}

/** A uPlot chart sized to its container, readable on a projector, with PNG export. */
export function LabChart(props: LabChartProps) {
  const { title, xLabel, yLabel, x, series, logY, stepped, dots, fileName, formatX } =
    props;
  const container = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const paths = stepped === true ? uPlot.paths.stepped?.({ align: 1 }) : undefined;
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false }, y: logY === true ? { distr: 3 } : {} },
      axes: [
        {
          label: xLabel,
          font: AXIS_FONT,
          labelFont: LABEL_FONT,
          size: 50,
          ...(formatX !== undefined
            ? { values: (_plot: uPlot, ticks: number[]) => ticks.map(formatX) }
            : {}),
        },
        { label: yLabel, font: AXIS_FONT, labelFont: LABEL_FONT, size: 80 },
      ],
      series: [
        { label: xLabel },
        ...series.map((entry, index) => ({
          label: entry.label,
          // A sparse series (a week-long interval) is single buckets among
          // gaps: dots keep it visible where a line has nothing to join.
          ...(sparse(entry.values) ? { points: { show: true, size: 8 } } : {}),
          stroke: FLEET_COLOURS[index % FLEET_COLOURS.length]!,
          width: 3,
          ...(paths !== undefined ? { paths } : {}),
          ...(dots === true
            ? { paths: () => null, points: { show: true, size: 14 } }
            : {}),
        })),
      ],
      legend: { live: false },
    };
    const data = [
      [...x],
      // A log axis cannot show zero: those points are gaps.
      ...series.map((entry) =>
        entry.values.map((value) => (logY === true && value === 0 ? null : value)),
      ),
    ] as uPlot.AlignedData;
    const plot = new uPlot(options, data, element);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(320, element.clientWidth), height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [x, series, logY, stepped, dots, xLabel, yLabel, formatX]);

  return (
    <figure className="lab-chart" aria-label={title}>
      <figcaption>
        <span>{title}</span>
        <button
          type="button"
          onClick={() => {
            if (plotRef.current !== null) exportPng(plotRef.current, title, fileName);
          }}
        >
          Export PNG
        </button>
      </figcaption>
      <div ref={container} className="lab-chart-canvas" />
    </figure>
  );
}
