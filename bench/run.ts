/**
 * `npm run bench [-- name ...]`: runs every suite in bench/*.bench.ts (or the
 * named ones) and prints figures and ratios. Benchmarks measure; they never
 * fail a build on a number, since a busy machine would make that flaky.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { BenchReport } from './report.ts';

type Suite = (report: BenchReport) => Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort();
const chosen = suites.filter(
  (suite) => wanted.length === 0 || wanted.some((name) => suite.includes(name)),
);

const unknown = wanted.filter((name) => !chosen.some((suite) => suite.includes(name)));
if (unknown.length > 0 || chosen.length === 0) {
  console.error(
    `No benchmark suite named ${unknown.join(', ')}; the suites are: ${suites.join(', ')}.`,
  );
  process.exit(2);
}

const report = new BenchReport('all');
for (const name of chosen) {
  console.log(`\n== ${name}`);
  const module = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
    default: Suite;
  };
  await module.default(report.forSuite(name));
}
console.log(
  `\n${report.all().length} figures from ${chosen.length} suite${chosen.length === 1 ? '' : 's'}.`,
);
