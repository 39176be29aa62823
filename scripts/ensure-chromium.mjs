/**
 * Playwright drives the system Chromium (its own browser download is not
 * reachable here). Installs it with apt when running as root, otherwise
 * prints the exact command and fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = 'apt-get install -y --no-install-recommends chromium fonts-liberation';

if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt =
  spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!isRoot || !hasApt) {
  console.error(
    `Chromium is missing at ${CHROMIUM}. Install it with:\n\n  sudo apt-get update && sudo ${INSTALL}\n\n` +
      'or set CHROMIUM_PATH to an installed Chromium, then run the tests again.',
  );
  process.exit(1);
}

console.log(`Chromium is missing; installing it: ${INSTALL}`);
execFileSync(
  'sh',
  ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${INSTALL}`],
  {
    stdio: 'inherit',
  },
);
