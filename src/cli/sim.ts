/**
 * `npm run sim -- <scenario.json> [--out <report.json>]`: runs a scenario
 * headless in Node and writes the report (states, exchanges, flash, hash).
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { ScenarioError, Simulation, buildReport, parseScenario } from '../fleet/index.ts';
import { readInputFile } from './inputFile.ts';

const USAGE =
  'Usage: npm run sim -- <scenario.json> [--out <report.json>] [--progress <seconds>]\n' +
  '  --progress: wall-clock seconds between progress lines on stderr (default 5)';

/** Wall time between progress lines on a long run, unless --progress says otherwise. */
const DEFAULT_PROGRESS_SECONDS = 5;

/** Why the report cannot be written to `path`, found before a long run rather than after. */
function unwritableReason(path: string): string | undefined {
  const absolute = resolve(path);
  try {
    if (statSync(absolute).isDirectory()) return 'it is a folder';
    accessSync(absolute, constants.W_OK);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      return (error as Error).message;
  }
  const folder = dirname(absolute);
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `the folder ${folder} does not exist`
      : (error as Error).message;
  }
}

/** Virtual time as people read it: seconds, hours or days. */
function virtualTime(ms: number): string {
  const seconds = ms / 1000;
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} d`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${seconds.toFixed(0)} s`;
}

/** A wall-clock estimate, rounded as people say it. */
function wallTime(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}

/** The Kconfig warnings the app shows beside each group's form, for the terminal. */
function printKconfigWarnings(simulation: Simulation): void {
  const lines: string[] = [];
  simulation.scenario.fleet.forEach((group, index) => {
    for (const warning of simulation.groups.get(group.name)?.warnings ?? []) {
      lines.push(`  fleet[${index}] (${group.name}): ${warning.message}`);
    }
  });
  for (const [id, entry] of simulation.fleet) {
    if (!entry.build.overridden) continue;
    for (const warning of entry.build.setup.warnings)
      lines.push(`  ${id} (its override): ${warning.message}`);
  }
  if (lines.length === 0) return;
  console.error(
    `Kconfig warnings (the devices run with these settings):\n${lines.join('\n')}`,
  );
}

/** Runs to the end, printing progress to stderr every few seconds of wall time. */
async function runWithProgress(
  simulation: Simulation,
  progressSeconds: number,
): Promise<void> {
  const { kernel, endTime } = simulation;
  const started = performance.now();
  let lastProgress = started;
  const progressDue = () => performance.now() - lastProgress >= progressSeconds * 1000;
  simulation.start();
  while (!(await kernel.runUntil(endTime, progressDue))) {
    lastProgress = performance.now();
    const done = kernel.now() / endTime;
    // Assumes the rest of the run goes as fast as the part so far.
    const leftSeconds = done > 0 ? ((lastProgress - started) / 1000) * (1 / done - 1) : 0;
    console.error(
      `${simulation.scenario.name}: ${virtualTime(kernel.now())} of ${virtualTime(endTime)} ` +
        `of virtual time (${(done * 100).toFixed(1)}%), ${kernel.clock.fired} events so far` +
        (done > 0 ? `, about ${wallTime(leftSeconds)} of wall time left` : ''),
    );
  }
}

function parseArguments(argv: string[]): {
  scenarioPath: string;
  outPath: string | undefined;
  progressSeconds: number;
} {
  const positional: string[] = [];
  let outPath: string | undefined;
  let progressSeconds = DEFAULT_PROGRESS_SECONDS;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--out') {
      outPath = argv[++index];
      if (outPath === undefined) throw new Error(`--out needs a file name.\n${USAGE}`);
    } else if (argument === '--progress') {
      const value = argv[++index];
      progressSeconds = Number(value);
      if (value === undefined || value.trim() === '' || !(progressSeconds >= 0))
        throw new Error(`--progress needs a number of seconds, 0 or more.\n${USAGE}`);
    } else if (argument.startsWith('--')) {
      throw new Error(`Unknown option ${argument}.\n${USAGE}`);
    } else positional.push(argument);
  }
  if (positional.length !== 1)
    throw new Error(`Give exactly one scenario file.\n${USAGE}`);
  return { scenarioPath: positional[0]!, outPath, progressSeconds };
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  let text: string;
  try {
    text = readInputFile(
      options.scenarioPath,
      'scenario',
      'the scenarios that come with the product are in scenarios/ and scenarios/workshop/',
    );
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  if (options.outPath !== undefined) {
    const reason = unwritableReason(options.outPath);
    if (reason !== undefined) {
      console.error(
        `Cannot write the report to ${options.outPath}: ${reason}. ` +
          'Give --out a file in a folder you can write to.',
      );
      return 2;
    }
  }

  let simulation: Simulation;
  try {
    const folder = dirname(options.scenarioPath);
    simulation = new Simulation(parseScenario(text, options.scenarioPath), {
      source: options.scenarioPath,
      readArtifactFile: (path) => new Uint8Array(readFileSync(resolve(folder, path))),
    });
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  printKconfigWarnings(simulation);
  const started = performance.now();
  try {
    await runWithProgress(simulation, options.progressSeconds);
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const report = buildReport(simulation);
  const json = JSON.stringify(report, null, 2);
  let written = options.outPath === undefined;
  if (options.outPath !== undefined) {
    try {
      writeFileSync(options.outPath, json + '\n');
      written = true;
    } catch (error) {
      // The run is done: keep its report on stdout rather than lose it.
      console.error(
        `Cannot write the report to ${options.outPath}: ${(error as Error).message}. ` +
          'The report follows on stdout.',
      );
    }
  }
  if (options.outPath === undefined || !written) console.log(json);

  const wallSeconds = (performance.now() - started) / 1000;
  console.error(
    `${report.scenario}: ${report.devices.length} devices, ${report.virtualTimeMs / 1000} s of ` +
      `virtual time, ${report.events} events in ${wallSeconds.toFixed(2)} s; ` +
      `trace hash ${report.traceHash}` +
      (options.outPath !== undefined && written ? `; report in ${options.outPath}` : ''),
  );
  for (const refusal of report.refusedActions) {
    console.error(
      `refused at ${virtualTime(refusal.atMs)}: ${refusal.path ?? 'a user action'} ` +
        `${refusal.action}: ${refusal.reason}`,
    );
  }
  const failed = report.expectations.filter((result) => !result.passed);
  for (const result of report.expectations) {
    const detail = result.passed ? '' : ` (${result.detail})`;
    console.error(
      `${result.passed ? 'ok  ' : 'FAIL'} ${result.device}: ${result.check}${detail}`,
    );
  }
  if (failed.length > 0) {
    console.error(
      `${failed.length} of ${report.expectations.length} expectations failed.`,
    );
    return 1;
  }
  return written ? 0 : 2;
}

process.exitCode = await main();
