/**
 * `npm test`: every check a change must pass, in the order that fails
 * fastest. Each step is an npm script, so any one can be run alone.
 */
import { spawnSync } from 'node:child_process';

const steps = [
  ['type check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['format check', 'npm', ['run', '--silent', 'format:check']],
  ['artifact referee', 'node', ['scripts/ensure-mender-artifact.mjs']],
  ['unit tests', 'npm', ['run', '--silent', 'test:unit']],
  ['browser tests', 'npm', ['run', '--silent', 'test:e2e']],
];

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n✔ all checks passed');
