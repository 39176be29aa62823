import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: the real prj.conf and Kconfig files kept next to the
 * repository in ../shared/fixtures/prjconf. They are never copied into the
 * repository, so tests that need them skip when the folder is absent.
 */
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const PRJCONF_FIXTURE_DIRECTORY = join(
  repositoryRoot,
  '../shared/fixtures/prjconf',
);

export const PRJCONF_FIXTURES_PRESENT = existsSync(PRJCONF_FIXTURE_DIRECTORY);

/** Appended to the titles of tests that skip, so the report says why. */
export const SKIPPED_WITHOUT_FIXTURES = PRJCONF_FIXTURES_PRESENT
  ? ''
  : ' [skipped: ../shared/fixtures/prjconf is absent next to the repository]';

/** The text of a fixture file, or undefined when the fixtures are absent. */
export function readPrjConfFixture(name: string): string | undefined {
  const path = join(PRJCONF_FIXTURE_DIRECTORY, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
