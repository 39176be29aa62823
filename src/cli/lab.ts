/**
 * `npm run lab -- <lab.json> [--out <report.json>] [--csv <numbers.csv>]`: runs the polling lab's
 * fleets side by side headless in Node and writes the report (measured
 * figures beside the reference's model, series, CDFs, trace hashes).
 */
import { writeFileSync } from 'node:fs';

import {
  LabError,
  LabRun,
  comparisonRows,
  formatFigure,
  labCsv,
  parseLab,
  type LabReport,
} from '../lab/index.ts';
import { InputFileError, readInputFile } from './inputFile.ts';

const USAGE =
  'Usage: npm run lab -- <lab.json> [--out <report.json>] [--csv <numbers.csv>]';

interface Arguments {
  readonly labPath: string;
  readonly outPath: string | undefined;
  readonly csvPath: string | undefined;
}

function parseArguments(argv: string[]): Arguments {
  const positional: string[] = [];
  let outPath: string | undefined;
  let csvPath: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--out' || argument === '--csv') {
      const value = argv[++index];
      if (value === undefined)
        throw new Error(`${argument} needs a file name.\n${USAGE}`);
      if (argument === '--out') outPath = value;
      else csvPath = value;
    } else if (argument.startsWith('--')) {
      throw new Error(`Unknown option ${argument}.\n${USAGE}`);
    } else positional.push(argument);
  }
  if (positional.length !== 1) throw new Error(`Give exactly one lab file.\n${USAGE}`);
  return { labPath: positional[0]!, outPath, csvPath };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  let options: Arguments;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  let run: LabRun;
  try {
    const text = readInputFile(
      options.labPath,
      'lab',
      'the labs that come with the product are in labs/',
    );
    run = new LabRun(parseLab(text, options.labPath), options.labPath);
  } catch (error) {
    if (error instanceof LabError || error instanceof InputFileError) {
      console.error(error.message);
      return 2;
    }
    console.error(`Failed to set up the lab ${options.labPath}: ${messageOf(error)}`);
    return 2;
  }

  const started = performance.now();
  let report: LabReport;
  try {
    report = await run.runToEnd();
  } catch (error) {
    // A fault found while running is reported against the file, not as a stack trace.
    console.error(
      `Failed to run the lab ${options.labPath} at ${run.now / 1000} s of virtual time: ` +
        `${messageOf(error)}\nCheck the file's fleets and timeline, and report the problem ` +
        'if the file looks right.',
    );
    return 2;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const json = JSON.stringify(report, null, 2);
  if (options.outPath !== undefined) writeFileSync(options.outPath, json + '\n');
  else console.log(json);
  if (options.csvPath !== undefined) writeFileSync(options.csvPath, labCsv(report));

  console.error(
    `${report.lab}: ${report.fleets.length} fleets of ${report.devicesPerFleet} devices, ` +
      `${report.virtualSeconds} s of virtual time in ${wallSeconds.toFixed(1)} s` +
      (options.outPath !== undefined ? `; report in ${options.outPath}` : ''),
  );
  if (report.virtualSeconds < 86_400) {
    console.error(
      `Per-day figures are scaled up from ${report.virtualSeconds} s, boots and first ` +
        'authentication included: run a day or more to compare them with the model.',
    );
  }
  const names = report.fleets.map((fleet) => fleet.name);
  console.error(
    `${'figure (measured / model)'.padEnd(44)}${names.map((n) => n.padStart(24)).join('')}`,
  );
  for (const row of comparisonRows(report)) {
    if (row.values.every(([measured]) => measured === null)) continue;
    const cells = row.values.map(([measured, model]) =>
      `${formatFigure(measured) || '–'} / ${formatFigure(model) || '–'}`.padStart(24),
    );
    console.error(`${`${row.metric} (${row.unit})`.padEnd(44)}${cells.join('')}`);
  }
  return 0;
}

process.exitCode = await main();
