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
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)))
  .sort();

const unknown = wanted.filter((name) => !files.some((file) => file.includes(name)));
if (unknown.length > 0 || files.length === 0) {
  const suites = readdirSync(here)
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.replace(/\.bench\.ts$/, ''));
  console.error(
    `No benchmark suite named ${unknown.join(', ')}; the suites are: ${suites.join(', ')}.`,
  );
  process.exit(2);
}

const report = new BenchReport('all');
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name}`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as {
    default: Suite;
  };
  await module.default(report.forSuite(name));
}
console.log(
  `\n${report.all().length} figures from ${files.length} suite${files.length === 1 ? '' : 's'}.`,
);
