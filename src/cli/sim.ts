/**
 * `npm run sim -- <scenario.json> [--out <report.json>]`: runs a scenario
 * headless in Node and writes the report (states, exchanges, flash, hash).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { ScenarioError, Simulation, buildReport, parseScenario } from '../fleet/index.ts';

const USAGE = 'Usage: npm run sim -- <scenario.json> [--out <report.json>]';

function parseArguments(argv: string[]): {
  scenarioPath: string;
  outPath: string | undefined;
} {
  const positional: string[] = [];
  let outPath: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--out') {
      outPath = argv[++index];
      if (outPath === undefined) throw new Error(`--out needs a file name.\n${USAGE}`);
    } else if (argument.startsWith('--')) {
      throw new Error(`Unknown option ${argument}.\n${USAGE}`);
    } else positional.push(argument);
  }
  if (positional.length !== 1)
    throw new Error(`Give exactly one scenario file.\n${USAGE}`);
  return { scenarioPath: positional[0]!, outPath };
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
    text = readFileSync(options.scenarioPath, 'utf8');
  } catch (error) {
    console.error(
      `Failed to read the scenario ${options.scenarioPath}: ${(error as Error).message}`,
    );
    return 2;
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

  const started = performance.now();
  try {
    await simulation.runToEnd();
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const report = buildReport(simulation);
  const json = JSON.stringify(report, null, 2);
  if (options.outPath !== undefined) writeFileSync(options.outPath, json + '\n');
  else console.log(json);

  const wallSeconds = (performance.now() - started) / 1000;
  console.error(
    `${report.scenario}: ${report.devices.length} devices, ${report.virtualTimeMs / 1000} s of ` +
      `virtual time, ${report.events} events in ${wallSeconds.toFixed(2)} s; ` +
      `trace hash ${report.traceHash}` +
      (options.outPath !== undefined ? `; report in ${options.outPath}` : ''),
  );
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
  return 0;
}

process.exitCode = await main();
