/**
 * Test support (never imported by app code): runs Debian's `mender-artifact`
 * tool, the outside referee for reading and writing artifacts, and parses
 * what `mender-artifact read` prints.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `../shared/fixtures/artifacts` beside the repository, or undefined when absent. */
export const fixturesDir: string | undefined = (() => {
  const dir = resolve(repoRoot, '../shared/fixtures/artifacts');
  return existsSync(join(dir, 'SOURCES.md')) ? dir : undefined;
})();

/** Whether the referee tool is installed. */
export const toolAvailable =
  spawnSync('mender-artifact', ['--version'], { stdio: 'ignore' }).status === 0;

/** Why referee tests skip, or undefined when they run. */
export const toolSkipReason = toolAvailable
  ? undefined
  : 'mender-artifact is not installed; the referee tests are skipped. Install it with ' +
    '`sudo apt-get install mender-artifact` (npm test does this when run as root).';

/** In CI the referee must run: a missing tool fails instead of skipping. */
export const toolRequired = Boolean(process.env.CI);

export interface ToolRun {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs mender-artifact; never rejects (a failing run is a result). */
export function runTool(args: readonly string[]): Promise<ToolRun> {
  return new Promise((done) => {
    execFile(
      'mender-artifact',
      args,
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ ok: error === null, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** Runs `work` on every item, at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A temporary folder, removed by the returned function. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'artifact-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** What `mender-artifact read` prints about one payload. */
export interface ToolPayload {
  type: string | null;
  provides: Record<string, string>;
  depends: Record<string, string>;
  clearsProvides: string[];
  metaData: unknown;
  files: { name: string; size: number; modified: number; checksum: string }[];
}

/** What `mender-artifact read` prints, as data. */
export interface ToolReadout {
  name: string;
  format: string;
  version: number;
  signature: string;
  deviceTypes: string[];
  group: string;
  dependsOnArtifacts: string[];
  dependsOnGroups: string[];
  stateScripts: string[];
  payloads: ToolPayload[];
}

/** Parses the text of `mender-artifact read --no-progress`. */
export function parseReadout(text: string): ToolReadout {
  const lines = text.split('\n');
  const field = (label: string) => {
    const line = lines.find((item) => item.startsWith(`  ${label}:`));
    return line === undefined ? '' : line.slice(label.length + 3).trim();
  };
  const list = (value: string) => {
    const inner = value.replace(/^'?\[|\]'?$/g, '').trim();
    return inner === '' ? [] : inner.split(/,? /);
  };
  const scriptsAt = lines.findIndex((line) => line.startsWith('  State scripts:'));
  const updatesAt = lines.findIndex((line) => line.startsWith('Updates:'));
  return {
    name: field('Name'),
    format: field('Format'),
    version: Number(field('Version')),
    signature: field('Signature'),
    deviceTypes: list(field('Compatible devices')),
    group: field('Provides group'),
    dependsOnArtifacts: list(field('Depends on one of artifact(s)')),
    dependsOnGroups: list(field('Depends on one of group(s)')),
    stateScripts: lines
      .slice(scriptsAt + 1, updatesAt)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    payloads: parsePayloads(lines.slice(updatesAt + 1)),
  };
}

function parsePayloads(lines: readonly string[]): ToolPayload[] {
  const payloads: ToolPayload[] = [];
  let current: ToolPayload | undefined;
  let section: 'provides' | 'depends' | 'meta' | 'files' | undefined;
  let metaText = '';
  const closeMeta = () => {
    if (current !== undefined && section === 'meta' && metaText !== '') {
      current.metaData = JSON.parse(metaText);
    }
    metaText = '';
  };
  for (const line of lines) {
    const trimmed = line.trim();
    if (/^\s{4}\d+:$/.test(line)) {
      closeMeta();
      current = {
        type: null,
        provides: {},
        depends: {},
        clearsProvides: [],
        metaData: undefined,
        files: [],
      };
      payloads.push(current);
      section = undefined;
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith('\t')) {
      if (section === 'meta') metaText += trimmed;
      else if (section === 'provides' || section === 'depends') {
        const at = trimmed.indexOf(': ');
        current[section][trimmed.slice(0, at)] = trimmed.slice(at + 2);
      }
      continue;
    }
    const [label, ...rest] = trimmed.split(':');
    const value = rest.join(':').trim();
    if (line.startsWith('      ') && section === 'files') {
      addFileField(current, label ?? '', value);
      continue;
    }
    closeMeta();
    if (label === 'Type') current.type = value === 'Empty type' ? null : value;
    else if (label === 'Provides') section = 'provides';
    else if (label === 'Depends') section = 'depends';
    else if (label === 'Metadata') section = 'meta';
    else if (label === 'Files') section = 'files';
    else if (label === 'Clears Provides') current.clearsProvides = JSON.parse(value);
  }
  closeMeta();
  return payloads;
}

function addFileField(payload: ToolPayload, label: string, value: string): void {
  if (label === 'name') {
    payload.files.push({ name: value, size: 0, modified: 0, checksum: '' });
    return;
  }
  const file = payload.files[payload.files.length - 1];
  if (file === undefined) return;
  if (label === 'size') file.size = Number(value);
  if (label === 'checksum') file.checksum = value;
  if (label === 'modified') {
    // "2026-12-03 18:41:30 +0000 UTC"
    const [day, time] = value.split(' ');
    file.modified = Date.parse(`${day}T${time}Z`) / 1000;
  }
}
