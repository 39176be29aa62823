/**
 * The artifact tests use Debian's mender-artifact tool as an outside referee,
 * with openssl (signing keys) and zstd (compressed artifacts). Installs what
 * is missing with apt when running as root; otherwise says how, and those
 * tests skip with a message (in CI they must run, so CI fails).
 */
import { execFileSync, spawnSync } from 'node:child_process';

const TOOLS = { 'mender-artifact': 'mender-artifact', openssl: 'openssl', zstd: 'zstd' };
const present = (command) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const missing = Object.entries(TOOLS)
  .filter(([command]) => !present(command))
  .map(([, debianPackage]) => debianPackage);
if (missing.length === 0) process.exit(0);

const install = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = present('apt-get');

if (!isRoot || !hasApt) {
  const message =
    `${missing.join(', ')} not installed; the artifact referee tests will skip. Install with:\n\n` +
    `  sudo apt-get update && sudo ${install}\n`;
  if (process.env.CI) {
    console.error(message + '\nIn CI the referee must run.');
    process.exit(1);
  }
  console.warn(message);
  process.exit(0);
}

console.log(`Installing the artifact referee tools: ${install}`);
execFileSync(
  'sh',
  ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${install}`],
  {
    stdio: 'inherit',
  },
);
