/**
 * The artifact tests use Debian's mender-artifact tool as an outside referee.
 * Installs it with apt when running as root; otherwise says how, and the
 * referee tests skip with a message (in CI they must run, so CI fails).
 */
import { execFileSync, spawnSync } from 'node:child_process';

const INSTALL = 'apt-get install -y --no-install-recommends mender-artifact';
const present = () =>
  spawnSync('sh', ['-c', 'command -v mender-artifact'], { stdio: 'ignore' }).status === 0;

if (present()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt =
  spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!isRoot || !hasApt) {
  const message =
    `mender-artifact is not installed; the referee tests will skip. Install it with:\n\n` +
    `  sudo apt-get update && sudo ${INSTALL}\n`;
  if (process.env.CI) {
    console.error(message + '\nIn CI the referee must run.');
    process.exit(1);
  }
  console.warn(message);
  process.exit(0);
}

console.log(`mender-artifact is missing; installing it: ${INSTALL}`);
execFileSync(
  'sh',
  ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${INSTALL}`],
  {
    stdio: 'inherit',
  },
);
